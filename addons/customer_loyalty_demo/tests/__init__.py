from . import test_demo_menus
from . import test_first_hour
from . import test_demo_signals
from . import test_demo_frontoffice
from . import test_translation_es
