from . import portal
from . import payment
