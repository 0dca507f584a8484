from . import portal
from . import signin
