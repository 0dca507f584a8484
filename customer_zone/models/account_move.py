from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    # the link mixin first: it overrides portal.mixin and mail.thread, which
    # account.move inherits already (see the mixin)
    _inherit = ["customer.zone.link.mixin", "account.move"]

    customer_zone_allow_online_payment = fields.Boolean(
        string="Allow online payment",
        default=True,
        copy=False,
        help="When unticked, the customer sees this invoice in the zone but "
        "cannot pay it online.",
    )

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.invoice_user_id or self.create_uid
