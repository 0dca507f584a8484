from . import customer_zone_statement_report
