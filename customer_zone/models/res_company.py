from odoo import fields, models

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
        help="Let accountants send a customer a link that signs it in once, "
        "without a password, for a short time.",
    )
    customer_zone_signin_link_minutes = fields.Integer(
        string="Sign-in links valid for (minutes)", default=60
    )
