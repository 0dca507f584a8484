from . import test_portal_smoke
from . import test_ticket_hardening
from . import test_tickets_in_zone
from . import test_ticket_reserved_keys
from . import test_ticket_views
from . import test_partner_panel
from . import test_zone_menu_tickets
