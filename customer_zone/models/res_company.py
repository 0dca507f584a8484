from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import ZONE_PAGES

# bounds of a one-click sign-in link's validity, in minutes (a day at most)
SIGNIN_LINK_MINUTES_MIN = 5
SIGNIN_LINK_MINUTES_MAX = 1440

CUSTOMER_ZONE_MODES = [
    ("off", "Off"),
    ("invoices", "Invoices only"),
    ("account", "Full account"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_zone_mode = fields.Selection(
        selection=CUSTOMER_ZONE_MODES,
        string="Customer Zone",
        default="account",
        required=True,
        help="Off: customers see no document in the portal.\n"
        "Invoices only: customers see their invoices and their PDFs.\n"
        "Full account: invoices plus statement, payments, credit notes, "
        "quotations, orders and outstanding items.",
    )
    customer_zone_default_access = fields.Boolean(
        string="Customers use the zone by default",
        default=True,
        help="Applies to every customer whose own setting is 'Company default'.",
    )
    customer_zone_invitation_message = fields.Html(
        string="Invitation message",
        translate=True,
        sanitize=True,
        default=lambda self: self.env._(
            "<p>Your account with us is now online: invoices, statements and "
            "payments in one place, whenever you need them.</p>"
        ),
    )
    customer_zone_document_links = fields.Boolean(
        string="Links to documents in emails",
        default=True,
        help="Emails carry a link that opens the document without logging in. "
        "Off: the link asks the customer to log in first.",
    )
    customer_zone_link_validity_days = fields.Integer(
        string="Links valid for (days)",
        default=30,
        help="After that many days a link leads to the login page; a new email "
        "brings a new link. 0: links do not expire.",
    )
    customer_zone_signin_links = fields.Boolean(
        string="One-click sign-in links",
        help="Let accounting managers send a customer a link that signs it in "
        "once, without a password, for a short time.",
    )
    customer_zone_signin_link_minutes = fields.Integer(
        string="Sign-in links valid for (minutes)",
        default=60,
        help="From 5 minutes to a day (1440 minutes).",
    )
    customer_zone_login_retention_days = fields.Integer(
        string="Keep login attempts for (days)",
        default=365,
        help="Login attempts older than that are deleted every night. 0: kept forever.",
    )

    customer_zone_view_window_minutes = fields.Integer(
        string="Count a document's views once within (minutes)",
        default=30,
        help="Reloads of the same document or page by the same customer within "
        "that many minutes count as one view. 0: every load counts.",
    )
    customer_zone_attachment_max_mb = fields.Integer(
        string="Largest file shown to customers (MB)",
        default=10,
        help="Files attached to a document for the customer may not be larger.",
    )
    customer_zone_attachment_types = fields.Char(
        string="File types shown to customers",
        default="pdf,png,jpg,jpeg,gif,txt,csv,xlsx,xls,docx,doc,odt,ods,zip",
        help="File extensions, separated by commas, a file attached to a "
        "document for the customer may have.",
    )

    @api.constrains("customer_zone_view_window_minutes")
    def _check_customer_zone_view_window_minutes(self):
        for company in self:
            if not 0 <= company.customer_zone_view_window_minutes <= 1440:
                raise ValidationError(
                    self.env._("Views count once within 0 to 1440 minutes.")
                )

    @api.constrains("customer_zone_attachment_max_mb")
    def _check_customer_zone_attachment_max_mb(self):
        for company in self:
            if not 1 <= company.customer_zone_attachment_max_mb <= 100:
                raise ValidationError(
                    self.env._("Files for customers may be 1 to 100 MB at most.")
                )

    @api.constrains("customer_zone_signin_link_minutes")
    def _check_customer_zone_signin_link_minutes(self):
        for company in self:
            minutes = company.customer_zone_signin_link_minutes
            if not SIGNIN_LINK_MINUTES_MIN <= minutes <= SIGNIN_LINK_MINUTES_MAX:
                raise ValidationError(
                    self.env._(
                        "Sign-in links are valid from %(min)s to %(max)s minutes.",
                        min=SIGNIN_LINK_MINUTES_MIN,
                        max=SIGNIN_LINK_MINUTES_MAX,
                    )
                )

    @api.constrains("customer_zone_login_retention_days")
    def _check_customer_zone_login_retention_days(self):
        for company in self:
            if not 0 <= company.customer_zone_login_retention_days <= 36500:
                raise ValidationError(
                    self.env._(
                        "Login attempts are kept from 1 to 36500 days, or forever (0)."
                    )
                )

    # ------------------------------------------------------------------
    # which pages the zone shows: the one gate for pages
    # ------------------------------------------------------------------
    @api.model
    def _customer_zone_mode_pages(self):
        """The pages each mode shows, ``{mode: set of page names}``.

        Bridges extend it: ``pages = super()...; pages["account"].add(...)``.
        Record domains (``res.partner._customer_zone_mode_domain``) and every
        route read it, so a page and its records are never out of step.
        """
        return {mode: set(pages) for mode, pages in ZONE_PAGES.items()}

    def _customer_zone_pages(self):
        """The pages this company's zone shows (empty when it is off)."""
        self.ensure_one()
        return frozenset(self._customer_zone_mode_pages()[self.customer_zone_mode])

    @api.model
    def _customer_zone_modes_showing(self, page):
        """The modes whose zone shows ``page``, for record domains."""
        return [
            mode
            for mode, pages in self._customer_zone_mode_pages().items()
            if page in pages
        ]
