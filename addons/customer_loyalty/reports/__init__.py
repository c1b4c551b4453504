from . import customer_satisfaction_report
