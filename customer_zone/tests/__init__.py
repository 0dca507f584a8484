from . import test_bad_input
from . import test_demo_data
from . import test_details_and_comments
from . import test_portal_access
from . import test_portal_performance
from . import test_portal_smoke
from . import test_statement
from . import test_visibility
