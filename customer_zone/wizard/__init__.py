from . import customer_zone_invite_wizard
from . import customer_zone_invite_wizard_line
from . import portal_wizard_user
from . import customer_zone_credit_limit_wizard
from . import customer_zone_credit_override_wizard
from . import customer_zone_statement_send_wizard
from . import customer_zone_customer_note_wizard
