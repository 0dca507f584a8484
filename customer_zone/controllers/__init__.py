from . import portal
from . import signin
from . import sale
from . import my_account
