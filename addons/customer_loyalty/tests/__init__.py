from . import test_lost_service
from . import test_routing
