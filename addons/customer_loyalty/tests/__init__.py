from . import test_lost_service
