from . import customer_zone_invite_wizard
from . import customer_zone_invite_wizard_line
from . import portal_wizard_user
