from . import test_dashboard
from . import test_dashboard_tour
from . import test_translation_es
