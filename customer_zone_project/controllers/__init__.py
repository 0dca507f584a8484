from . import attachment
from . import portal
from . import project
