from . import test_deliveries_in_zone
from . import test_delivery_list
from . import test_delivery_cost
from . import test_catalog_availability
from . import test_demo_deliveries
from . import test_order_transfers
from . import test_zone_menu_deliveries
