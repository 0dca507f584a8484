from . import portal
from . import account
from . import statement
from . import details
from . import preview
from . import sale
from . import signin
from . import my_account
