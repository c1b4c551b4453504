from . import models
from . import reports
