from . import customer_zone_statement_report
from . import customer_zone_xlsx_report
from . import customer_zone_login_event_xlsx
from . import customer_zone_view_event_xlsx
from . import customer_zone_document_xlsx
from . import customer_zone_outstanding_report
