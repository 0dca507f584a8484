from . import test_portal_smoke
