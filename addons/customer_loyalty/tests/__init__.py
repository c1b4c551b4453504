from . import test_lost_service
from . import test_routing
from . import test_lost_service_cadence
from . import test_owners_told
from . import test_periodic_surveys
from . import test_security_survey
from . import test_security_routes
from . import test_report_defaults
