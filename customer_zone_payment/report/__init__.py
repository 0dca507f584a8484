from . import customer_zone_payment_report
