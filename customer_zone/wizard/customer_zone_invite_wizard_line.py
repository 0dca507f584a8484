from odoo import fields, models


class CustomerZoneInviteWizardLine(models.TransientModel):
    _name = "customer.zone.invite.wizard.line"
    _description = "Customer Zone: contact to invite"

    wizard_id = fields.Many2one(
        "customer.zone.invite.wizard", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    email = fields.Char(related="partner_id.email")
    status = fields.Selection(
        [
            ("new", "Will be invited"),
            ("again", "Will be invited again"),
            ("skip", "Skipped"),
        ],
        readonly=True,
    )
    reason = fields.Char(readonly=True)
    invited_on = fields.Datetime(related="partner_id.customer_zone_invited_on")
    first_login_on = fields.Datetime(related="partner_id.customer_zone_first_login_on")
