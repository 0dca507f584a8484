from . import request_input
