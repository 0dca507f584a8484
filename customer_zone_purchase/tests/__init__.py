from . import test_acknowledge
from . import test_acknowledgement_reset
from . import test_demo_acceptance
from . import test_order_line_access
from . import test_order_page_links
from . import test_purchase_query_count
from . import test_supplier_access
from . import test_zone_menu_purchases
