from . import test_lost_service
from . import test_routing
from . import test_lost_service_cadence
from . import test_owners_told
