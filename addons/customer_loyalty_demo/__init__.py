from . import stories
from .hooks import post_init_hook, uninstall_hook
