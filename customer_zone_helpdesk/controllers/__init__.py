from . import main
from . import myaccount
from . import portal
