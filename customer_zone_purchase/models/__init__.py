from . import customer_zone_view_event
from . import purchase_order
from . import purchase_order_line
from . import res_company
from . import res_config_settings
from . import res_partner
from . import res_company_menu
from . import res_users_menu
