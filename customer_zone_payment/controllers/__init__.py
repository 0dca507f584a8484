from . import portal
from . import payment
from . import entry_points
