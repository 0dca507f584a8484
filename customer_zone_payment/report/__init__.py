from . import customer_zone_payment_report
from . import customer_zone_payment_report_xlsx
