import hashlib
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import is_html_empty

from ..const import ZONE_PAGES
from ..hooks import date_existing_links
from .res_users import ZONE_STATE_COMPANY_FIELDS

# bounds of a one-click sign-in link's validity, in minutes (a day at most)
SIGNIN_LINK_MINUTES_MIN = 5
SIGNIN_LINK_MINUTES_MAX = 1440

CUSTOMER_ZONE_MODES = [
    ("off", "Off"),
    ("invoices", "Invoices only"),
    ("account", "Full account"),
]

# A colour of the zone's branding: "#" and six hexadecimal digits, nothing
# else (matched with fullmatch: "$" would also accept a final newline). It is
# written into a <style> block, so this pattern is the whole defence against
# CSS injection: checked on write and again before rendering.
BRAND_COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")


def brand_color(value):
    """``value`` in lower case if it is a colour of the branding, else None."""
    if isinstance(value, str) and BRAND_COLOR_RE.fullmatch(value):
        return value.lower()
    return None


def brand_color_variables(name, color):
    """The CSS custom properties of one validated colour: the colour, its
    RGB triple (what Bootstrap's links and utilities read) and the text
    colour that stays readable on it (black or white, by WCAG luminance)."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in rgb)
    ]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return [
        (f"--customer-zone-{name}", color),
        (f"--customer-zone-{name}-rgb", ", ".join(str(v) for v in rgb)),
        (
            f"--customer-zone-{name}-contrast",
            "#000000" if luminance > 0.179 else "#ffffff",
        ),
    ]


def image_version(data):
    """A short fingerprint of an image (base64), for its URL's ``unique``
    parameter: browsers keep the image until it changes."""
    if not data:
        return False
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()[:16]


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
    customer_zone_credit_policy = fields.Selection(
        selection=[("warn", "Warn only"), ("block", "Block the order")],
        string="Orders over the available balance",
        default="warn",
        required=True,
        help="Warn only: the order can be confirmed, the salesperson sees a "
        "warning. Block: confirming it is refused (a manager may confirm it "
        "anyway, and that is recorded), in the backend and in the zone. Each "
        "customer may override it.",
    )
    customer_zone_credit_include_orders = fields.Boolean(
        string="Count orders not invoiced",
        default=True,
        help="The available balance counts confirmed sales orders not "
        "invoiced yet, as core's credit limit warning does.",
    )
    customer_zone_credit_limit_factor = fields.Float(
        string="Suggested limit: months of invoicing",
        default=2.0,
        help="The suggested credit limit is the customer's average monthly "
        "invoicing over the last 12 months times this factor.",
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
    customer_zone_quote_published_email = fields.Boolean(
        string="Email published quotations",
        help="When a draft quotation is published to the zone, email the "
        "customer a link to it, from its salesperson.",
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
    # overdue-invoice reminders (customer.zone.reminder)
    customer_zone_reminders = fields.Boolean(
        string="Overdue reminders",
        help="Email customers a reminder of their overdue invoices, with links "
        "to them in the zone, on the schedule below.",
    )
    customer_zone_reminder_first_days = fields.Integer(
        string="First reminder after (days)",
        default=7,
        help="Days after an invoice's due date before its first reminder.",
    )
    customer_zone_reminder_interval_days = fields.Integer(
        string="Then every (days)",
        default=14,
        help="Days between two reminders of the same invoice.",
    )
    customer_zone_reminder_max_count = fields.Integer(
        string="Reminders per invoice",
        default=3,
        help="The most reminders an invoice gets; the last one is worded as "
        "the final reminder.",
    )
    customer_zone_reminder_min_amount = fields.Monetary(
        string="Least amount overdue",
        currency_field="currency_id",
        help="A customer whose invoices due for a reminder leave less than "
        "this to pay gets none. 0: any amount.",
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

    customer_zone_catalog_submit = fields.Selection(
        selection=[("quotation", "A quotation"), ("order", "An order")],
        string="The catalog sends",
        default="quotation",
        required=True,
        help="A quotation: the customer's catalog order becomes a quotation "
        "in its zone, which it accepts and signs there. An order: it is "
        "confirmed at once, unless the customer's available balance blocks "
        "it (then it stays a quotation, with why) or it must be paid first.",
    )

    # branding of the zone's pages (Settings > Customer Zone > Branding)
    customer_zone_brand_logo = fields.Image(
        string="Zone logo",
        max_width=512,
        max_height=512,
        help="Shown on top of the zone's pages instead of the company's logo.",
    )
    customer_zone_brand_primary_color = fields.Char(
        string="Zone primary colour",
        help="Buttons, links and headings of the zone's pages, as #rrggbb. "
        "Empty: Odoo's colours.",
    )
    customer_zone_brand_secondary_color = fields.Char(
        string="Zone secondary colour",
        help="Secondary buttons and the welcome band of the zone's home page, "
        "as #rrggbb. Empty: Odoo's colours.",
    )
    customer_zone_brand_banner_id = fields.Many2one(
        "customer.zone.brand.image",
        string="Banner from the library",
        domain="[('company_id', 'in', [id, False])]",
        ondelete="set null",
        help="An image of the zone's library, shown on top of the zone's home "
        "page. An uploaded banner takes precedence.",
    )
    customer_zone_brand_banner = fields.Image(
        string="Own banner",
        max_width=1920,
        max_height=1080,
        help="Shown on top of the zone's home page instead of an image of the library.",
    )
    customer_zone_brand_banner_shown = fields.Image(
        string="Banner shown",
        compute="_compute_customer_zone_brand_banner_shown",
        store=True,
        help="The uploaded banner, or else the image chosen in the library: a "
        "field of the company, so that customers load it as they load the "
        "logo (they cannot read the library).",
    )
    customer_zone_brand_welcome = fields.Html(
        string="Zone welcome text",
        translate=True,
        sanitize=True,
        help="Shown to customers on top of the zone's home page.",
    )
    # fingerprints of the images, stored: the pages know whether there is an
    # image, and its URL, from the company's row, without reading the image
    customer_zone_brand_logo_version = fields.Char(
        compute="_compute_customer_zone_brand_logo_version", store=True
    )
    customer_zone_brand_banner_version = fields.Char(
        compute="_compute_customer_zone_brand_banner_shown", store=True
    )

    @api.depends("customer_zone_brand_logo")
    def _compute_customer_zone_brand_logo_version(self):
        # the image itself, not its size (``bin_size`` of the web client)
        for company in self.with_context(bin_size=False):
            company.customer_zone_brand_logo_version = image_version(
                company.customer_zone_brand_logo
            )

    @api.depends("customer_zone_brand_banner", "customer_zone_brand_banner_id.image")
    def _compute_customer_zone_brand_banner_shown(self):
        """The banner customers load, copied on the company: they may read
        their company, not the library. The filestore keeps one file for
        both copies (attachments are stored by checksum)."""
        for company in self.with_context(bin_size=False):
            banner = (
                company.customer_zone_brand_banner
                or company.customer_zone_brand_banner_id.sudo().image
            )
            company.customer_zone_brand_banner_shown = banner
            company.customer_zone_brand_banner_version = image_version(banner)

    @api.constrains(
        "customer_zone_brand_primary_color", "customer_zone_brand_secondary_color"
    )
    def _check_customer_zone_brand_colors(self):
        labels = {
            "customer_zone_brand_primary_color": self.env._("The primary colour"),
            "customer_zone_brand_secondary_color": self.env._("The secondary colour"),
        }
        for company in self:
            for field_name, label in labels.items():
                value = company[field_name]
                if value and not brand_color(value):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of the Customer Zone must be written "
                            "#rrggbb, such as #1f6f8b (or left empty for Odoo's "
                            "colours), not %(value)s.",
                            field=label,
                            value=value[:40],
                        )
                    )

    @api.constrains("customer_zone_brand_banner_id")
    def _check_customer_zone_brand_banner_id(self):
        for company in self:
            image_company = company.customer_zone_brand_banner_id.sudo().company_id
            if image_company and image_company != company:
                raise ValidationError(
                    self.env._(
                        "The banner %(image)s belongs to another company's library.",
                        image=company.customer_zone_brand_banner_id.sudo().name,
                    )
                )

    def _customer_zone_branding(self):
        """What the zone's pages show of this company's branding.

        Reads stored columns of the company only (the images are known by
        their fingerprints), so rendering it costs no query once the company
        is loaded, which every page does. Each colour passes the pattern
        again: a value that reached the database without the constraint
        (SQL, an old import) is never written into the page's CSS.
        """
        self.ensure_one()
        colors = {
            "primary": brand_color(self.customer_zone_brand_primary_color),
            "secondary": brand_color(self.customer_zone_brand_secondary_color),
        }
        welcome = self.customer_zone_brand_welcome
        logo_url = banner_url = False
        if self.customer_zone_brand_logo_version:
            logo_url = self._customer_zone_brand_image_url(
                "customer_zone_brand_logo", self.customer_zone_brand_logo_version
            )
        if self.customer_zone_brand_banner_version:
            banner_url = self._customer_zone_brand_image_url(
                "customer_zone_brand_banner_shown",
                self.customer_zone_brand_banner_version,
            )
        return {
            "css_variables": [
                variable
                for name, color in colors.items()
                if color
                for variable in brand_color_variables(name, color)
            ],
            # classes of #wrapwrap that turn on the zone's colour rules
            "classes": " ".join(
                f"o_customer_zone_{name}" for name, color in colors.items() if color
            ),
            "logo_url": logo_url,
            "banner_url": banner_url,
            "welcome": False if is_html_empty(welcome) else welcome,
        }

    def _customer_zone_brand_image_url(self, field_name, version):
        """The URL of an image of the branding: core's /web/image (portal
        users read their companies, res.company's portal rule), cached by
        browsers until the image changes."""
        return f"/web/image/res.company/{self.id}/{field_name}?unique={version}"

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

    @api.constrains("customer_zone_credit_limit_factor")
    def _check_customer_zone_credit_limit_factor(self):
        for company in self:
            if not 0 < company.customer_zone_credit_limit_factor <= 24:
                raise ValidationError(
                    self.env._(
                        "The suggested limit is 0 to 24 months of invoicing: "
                        "enter a factor above 0 and up to 24."
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

    @api.constrains(
        "customer_zone_reminder_first_days",
        "customer_zone_reminder_interval_days",
        "customer_zone_reminder_max_count",
        "customer_zone_reminder_min_amount",
    )
    def _check_customer_zone_reminders(self):
        """Bounds that keep the schedule meaningful: a reminder at most a
        day apart, a handful per invoice, no negative threshold."""
        for company in self:
            if not 0 <= company.customer_zone_reminder_first_days <= 3650:
                raise ValidationError(
                    self.env._(
                        "The first reminder comes 0 to 3650 days after the due date."
                    )
                )
            if not 1 <= company.customer_zone_reminder_interval_days <= 365:
                raise ValidationError(
                    self.env._("Reminders of an invoice come 1 to 365 days apart.")
                )
            if not 1 <= company.customer_zone_reminder_max_count <= 10:
                raise ValidationError(self.env._("An invoice gets 1 to 10 reminders."))
            if company.customer_zone_reminder_min_amount < 0:
                raise ValidationError(
                    self.env._("The least amount overdue cannot be negative.")
                )

    def write(self, vals):
        # links issued while they had no validity (0 days) get one when the
        # setting gives them one: none would ever expire otherwise (a visit
        # writes nothing, an email renews only an expired link)
        dating = "customer_zone_link_validity_days" in vals and self.filtered(
            lambda company: company.customer_zone_link_validity_days <= 0
        )
        result = super().write(vals)
        self.env["res.users"]._customer_zone_forget_state(
            vals, ZONE_STATE_COMPANY_FIELDS
        )
        if dating and vals["customer_zone_link_validity_days"] > 0:
            self.env.flush_all()
            date_existing_links(self.env)
        return result

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

    @api.model
    def _customer_zone_add_page(self, pages, page, beside):
        """``pages`` (of ``_customer_zone_mode_pages``) with ``page`` shown in
        every mode that shows ``beside``: how a bridge adds its page."""
        for shown in pages.values():
            if beside in shown:
                shown.add(page)
        return pages

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
