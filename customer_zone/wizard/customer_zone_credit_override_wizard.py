from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.sale_order_credit import MANAGER_GROUPS


class CustomerZoneCreditOverrideWizard(models.TransientModel):
    """A manager confirms an order its customer's policy blocks, and says
    why: the override is recorded, with a note on the order and on the
    customer."""

    _name = "customer.zone.credit.override.wizard"
    _description = "Customer Zone: confirm an order over the available balance"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_credit", string="Currency"
    )
    message = fields.Text(compute="_compute_credit")
    available_balance = fields.Monetary(
        currency_field="currency_id", compute="_compute_credit"
    )
    amount = fields.Monetary(
        string="Order amount", currency_field="currency_id", compute="_compute_credit"
    )
    shortfall = fields.Monetary(currency_field="currency_id", compute="_compute_credit")
    reason = fields.Text(
        required=True,
        help="Why this order is confirmed although the customer's available "
        "balance does not cover it: kept with the override.",
    )

    @api.depends("order_id")
    def _compute_credit(self):
        checks = self.order_id._customer_zone_credit_check()
        for wizard in self:
            check = checks.get(wizard.order_id.id)
            wizard.currency_id = check and check["currency"]
            wizard.message = check and check["message"]
            wizard.available_balance = check and check["available"]
            wizard.amount = check and check["amount"]
            wizard.shortfall = check and check["shortfall"]

    def _check_manager(self):
        """Only sales or accounting managers override: checked here, on the
        server, whatever the button's visibility (a salesman may call this
        over RPC)."""
        user = self.env.user
        if not any(user.has_group(group) for group in MANAGER_GROUPS):
            raise AccessError(
                self.env._(
                    "Only sales managers and accounting managers can confirm an "
                    "order over the customer's available balance."
                )
            )

    def action_confirm_override(self):
        """Record the override, note it, and confirm the order."""
        self.ensure_one()
        self._check_manager()
        order = self.order_id
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the order is confirmed anyway."))
        if order.state not in ("draft", "sent"):
            raise UserError(self.env._("Only quotations can be confirmed."))
        check = order._customer_zone_credit_check()[order.id]
        if not check["blocked"]:
            # nothing to override (a payment or a credit came in meanwhile)
            return order.action_confirm()
        # sudo: the record only this wizard writes, after the group check
        override = (
            self.env["customer.zone.credit.override"]
            .sudo()
            .create(
                {
                    "order_id": order.id,
                    "partner_id": check["customer"].id,
                    "company_id": order.company_id.id,
                    "user_id": self.env.user.id,
                    "amount": check["amount"],
                    "available_balance": check["available"] + check["paid"],
                    "shortfall": check["shortfall"],
                    "reason": reason,
                }
            )
        )
        self._note_override(order, check, reason)
        return order.with_context(
            customer_zone_credit_override_ids=override.ids
        ).action_confirm()

    def _note_override(self, order, check, reason):
        """The override in the chatter of the order and of the customer."""
        currency = check["currency"]
        body = Markup("%s<br/>%s") % (
            self.env._(
                "Confirmed over the available balance by %(user)s: order "
                "%(amount)s, available %(available)s, %(shortfall)s short.",
                user=self.env.user.name,
                amount=currency.format(check["amount"]),
                available=currency.format(check["available"] + check["paid"]),
                shortfall=currency.format(check["shortfall"]),
            ),
            self.env._("Reason: %(reason)s", reason=reason),
        )
        order.message_post(body=body, subtype_xmlid="mail.mt_note")
        # sudo: a salesman-manager may not write on the customer; the note is
        # the override's trace, whoever confirmed
        check["customer"].sudo().message_post(
            body=Markup("%s: %s") % (order.name, body),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
