from . import portal_intake
