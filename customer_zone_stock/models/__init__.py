from . import stock_picking
from . import res_company
from . import res_partner
from . import product_product
from . import customer_zone_view_event
from . import customer_zone_stock_demo
from . import res_company_menu
from . import res_users_menu
