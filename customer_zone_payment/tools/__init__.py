from . import payment_input
