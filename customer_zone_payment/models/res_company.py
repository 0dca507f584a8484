from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_zone_on_account_max = fields.Monetary(
        string="Payments on account up to",
        currency_field="currency_id",
        help="Customers may pay any amount on their account up to this one. "
        "0: payments on account are not offered.",
    )
    customer_zone_allocate_oldest_first = fields.Boolean(
        string="Allocate payments on account to the oldest invoices",
        help="Off: a payment on account stays as open credit on the statement.",
    )
    customer_zone_payment_notify_user_id = fields.Many2one(
        "res.users",
        string="Notify of online payments",
        domain=[("share", "=", False)],
        help="This user is told of each payment received through the zone.",
    )
    customer_zone_allow_partial_payment = fields.Boolean(
        string="Allow partial payments of an invoice",
        help="Customers may pay less than what is due on an invoice.",
    )

    @api.model
    def _customer_zone_mode_pages(self):
        """Paying several invoices, or on account, is part of the full
        account zone, beside the outstanding items it starts from."""
        pages = super()._customer_zone_mode_pages()
        for shown in pages.values():
            if "outstanding" in shown:
                shown.add("pay")
        return pages
