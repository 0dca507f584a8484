from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_zone_mode = fields.Selection(
        related="company_id.customer_zone_mode", readonly=False
    )
    customer_zone_default_access = fields.Boolean(
        related="company_id.customer_zone_default_access", readonly=False
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
    customer_zone_signin_links = fields.Boolean(
        related="company_id.customer_zone_signin_links", readonly=False
    )
    customer_zone_signin_link_minutes = fields.Integer(
        related="company_id.customer_zone_signin_link_minutes", readonly=False
    )
    customer_zone_login_retention_days = fields.Integer(
        related="company_id.customer_zone_login_retention_days", readonly=False
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
