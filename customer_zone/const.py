"""Constants of the Customer Zone, in one place (as core's ``payment/const.py``)."""

from datetime import date

# invoice types the zone governs; vendor documents are left to core rules
CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")
# the documents a customer owes: the "Invoices" of the zone
INVOICE_MOVE_TYPES = ("out_invoice", "out_receipt")
# quotation states a customer may see without the document being published
PUBLIC_ORDER_STATES = ("sent", "sale", "cancel")

# The pages each company mode shows. ``res.company._customer_zone_mode_pages``
# returns a copy of this table, which bridges extend (helpdesk adds
# "tickets", payment adds "pay"); the record domains and every route ask it.
ZONE_PAGES = {
    "off": frozenset(),
    "invoices": frozenset({"invoices", "details"}),
    "account": frozenset(
        {
            "invoices",
            "details",
            "credit_notes",
            "payments",
            "statement",
            "outstanding",
            "quotes",
            "orders",
            # ordering from the catalog: also needs the customer's (or the
            # contact's) own switch, res.partner._customer_zone_catalog_allowed
            "catalog",
        }
    ),
}

# at most this many characters of what a visitor typed are searched for or
# shown back in a message
MAX_INPUT_ECHO = 64

# a statement covers at most this many years, ending between these dates
# (beyond them, date arithmetic overflows)
STATEMENT_MAX_YEARS = 20
STATEMENT_EARLIEST = date(1900, 1, 1)
STATEMENT_LATEST = date(9000, 12, 31)

# A statement PDF of more lines than this is rendered in the background (a
# customer.zone.statement.job, by a cron) and the customer gets an email with
# a link, instead of a request that runs for a minute; the file is kept this
# many days.
STATEMENT_PDF_REQUEST_LINES = 2000
STATEMENT_JOB_KEEP_DAYS = 7
# a customer gets at most this many statement jobs in 24 hours (failed ones
# count): each is a long render and an email, so a loop of requests must not
# turn into as many of both
STATEMENT_JOBS_PER_DAY = 10
