from . import test_demo_menus
