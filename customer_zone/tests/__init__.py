from . import test_demo_data
from . import test_portal_smoke
