from . import request_input
from . import zone_state
from . import credit_figures
from . import after_page
