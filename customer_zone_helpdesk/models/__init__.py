from . import helpdesk_ticket
from . import res_partner
