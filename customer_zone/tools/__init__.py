from . import request_input
from . import zone_state
