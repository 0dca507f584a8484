from . import customer_zone_job_mixin
from . import customer_zone_view_event
from . import project_project
from . import project_task
from . import res_company
from . import res_partner
from . import res_company_menu
from . import res_users_menu
