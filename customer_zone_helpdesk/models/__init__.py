from . import helpdesk_ticket
from . import ir_attachment
from . import res_company
from . import res_partner
from . import customer_zone_view_event
from . import res_company_menu
from . import res_users_menu
from . import customer_zone_summary_snapshot
