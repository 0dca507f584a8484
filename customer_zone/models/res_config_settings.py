from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_zone_mode = fields.Selection(
        related="company_id.customer_zone_mode", readonly=False
    )
    customer_zone_default_access = fields.Boolean(
        related="company_id.customer_zone_default_access", readonly=False
    )
    customer_zone_credit_policy = fields.Selection(
        related="company_id.customer_zone_credit_policy", readonly=False
    )
    customer_zone_credit_include_orders = fields.Boolean(
        related="company_id.customer_zone_credit_include_orders", readonly=False
    )
    customer_zone_credit_limit_factor = fields.Float(
        related="company_id.customer_zone_credit_limit_factor", readonly=False
    )
    customer_zone_catalog_submit = fields.Selection(
        related="company_id.customer_zone_catalog_submit", readonly=False
    )
    customer_zone_invitation_message = fields.Html(
        related="company_id.customer_zone_invitation_message", readonly=False
    )
    customer_zone_document_links = fields.Boolean(
        related="company_id.customer_zone_document_links", readonly=False
    )
    customer_zone_link_validity_days = fields.Integer(
        related="company_id.customer_zone_link_validity_days", readonly=False
    )
    customer_zone_quote_published_email = fields.Boolean(
        related="company_id.customer_zone_quote_published_email", readonly=False
    )
    customer_zone_signin_links = fields.Boolean(
        related="company_id.customer_zone_signin_links", readonly=False
    )
    customer_zone_signin_link_minutes = fields.Integer(
        related="company_id.customer_zone_signin_link_minutes", readonly=False
    )
    customer_zone_login_retention_days = fields.Integer(
        related="company_id.customer_zone_login_retention_days", readonly=False
    )
    customer_zone_reminders = fields.Boolean(
        related="company_id.customer_zone_reminders", readonly=False
    )
    customer_zone_reminder_first_days = fields.Integer(
        related="company_id.customer_zone_reminder_first_days", readonly=False
    )
    customer_zone_reminder_interval_days = fields.Integer(
        related="company_id.customer_zone_reminder_interval_days", readonly=False
    )
    customer_zone_reminder_max_count = fields.Integer(
        related="company_id.customer_zone_reminder_max_count", readonly=False
    )
    customer_zone_reminder_min_amount = fields.Monetary(
        related="company_id.customer_zone_reminder_min_amount", readonly=False
    )
    customer_zone_view_window_minutes = fields.Integer(
        related="company_id.customer_zone_view_window_minutes", readonly=False
    )
    customer_zone_attachment_max_mb = fields.Integer(
        related="company_id.customer_zone_attachment_max_mb", readonly=False
    )
    customer_zone_attachment_types = fields.Char(
        related="company_id.customer_zone_attachment_types", readonly=False
    )
    customer_zone_brand_logo = fields.Image(
        related="company_id.customer_zone_brand_logo", readonly=False
    )
    customer_zone_brand_primary_color = fields.Char(
        related="company_id.customer_zone_brand_primary_color", readonly=False
    )
    customer_zone_brand_secondary_color = fields.Char(
        related="company_id.customer_zone_brand_secondary_color", readonly=False
    )
    customer_zone_brand_banner_id = fields.Many2one(
        related="company_id.customer_zone_brand_banner_id",
        readonly=False,
        domain="[('company_id', 'in', [company_id, False])]",
    )
    customer_zone_brand_banner = fields.Image(
        related="company_id.customer_zone_brand_banner", readonly=False
    )
    customer_zone_brand_library_preview = fields.Image(
        string="Library image",
        related="customer_zone_brand_banner_id.image",
        help="The image chosen in the library, shown when no banner is uploaded.",
    )
    customer_zone_brand_welcome = fields.Html(
        related="company_id.customer_zone_brand_welcome", readonly=False
    )
