from . import test_payment_provider
from . import test_portal_smoke
