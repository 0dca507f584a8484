from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_access = fields.Selection(
        selection=[
            ("default", "Company default"),
            ("allowed", "Allowed"),
            ("blocked", "Blocked"),
        ],
        string="Customer Zone access",
        default="default",
        required=True,
        help="Whether this customer (and its contacts) may use the customer zone "
        "in the portal. 'Company default' follows the setting of the company.",
    )
    customer_zone_enabled = fields.Boolean(
        string="Uses the Customer Zone",
        compute="_compute_customer_zone_enabled",
        help="The effective switch, read on the commercial partner.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_zone_access"]

    @api.depends(
        "commercial_partner_id.customer_zone_access",
        "company_id.customer_zone_default_access",
    )
    @api.depends_context("company")
    def _compute_customer_zone_enabled(self):
        for partner in self:
            access = partner.commercial_partner_id.customer_zone_access
            if access == "default":
                company = partner.company_id or self.env.company
                partner.customer_zone_enabled = company.customer_zone_default_access
            else:
                partner.customer_zone_enabled = access == "allowed"
