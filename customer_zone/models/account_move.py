from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    # the link mixin first: it overrides portal.mixin and mail.thread, which
    # account.move inherits already (see the mixin)
    _inherit = [
        "customer.zone.link.mixin",
        "customer.zone.viewed.mixin",
        "account.move",
    ]

    # the account summary's "last invoice": the newest posted invoice of each
    # of the customer's partners, read from the index top (not sorted out of
    # every invoice of a customer with thousands)
    _customer_zone_last_invoice_idx = models.Index(
        "(partner_id, invoice_date DESC, id DESC)"
        " WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_receipt')"
    )

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
