from . import models
from . import wizards
from .hooks import pre_init_hook, post_init_hook, uninstall_hook
from . import controllers

# reporting models
from . import reports
