from . import test_renewal_followup
