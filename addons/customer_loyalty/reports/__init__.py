from . import customer_satisfaction_report
from . import customer_satisfaction_matrix
