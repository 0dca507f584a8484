"""Sale orders against the customer's available balance.

One check (``_customer_zone_credit_check``) answers for the backend's
confirmation, the order form's banner, the zone's acceptance and the cash to
order flow (customer_zone_payment): it reads the credit figures of
``res.partner._customer_zone_credit_figures`` (one statement for all the
orders' customers) and never counts a customer's credit itself.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL, float_round

MANAGER_GROUPS = ("sales_team.group_sale_manager", "account.group_account_manager")
CREDIT_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"
# computed amounts the check reads: the UI never writes them; a direct write
# over RPC would make a blocked order look covered
CHECKED_AMOUNTS = {"amount_total", "amount_untaxed", "amount_tax", "currency_rate"}
# the context key under which action_confirm tells write() which quotations
# it has just checked (and locked): see CheckedOrders
CHECKED_KEY = "customer_zone_credit_checked"
# set while orders' write checks their own lines (to an OrdersWritten, which
# no JSON-RPC context can carry): the lines' hooks leave those orders to it
ORDER_WRITE_KEY = "customer_zone_credit_order_write"


class OrdersWritten(frozenset):
    """The ids of the orders whose ``write`` checks their lines itself."""


class CheckedOrders(frozenset):
    """The ids of the quotations ``action_confirm`` checked against the
    balance, handed to the ``write`` of their state in its context: a Python
    object no JSON-RPC context can carry, so that no caller skips the check
    by passing the key, and write() checks (and takes an override) once."""


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_zone_credit_currency_id = fields.Many2one(
        "res.currency",
        string="Credit currency",
        compute="_compute_customer_zone_credit",
    )
    customer_zone_available_balance = fields.Monetary(
        string="Customer's available balance",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
        help="The customer's available balance before this order (credit "
        "limit + deposits and credits - open receivable - orders not "
        "invoiced), in the company's currency.",
    )
    customer_zone_credit_amount = fields.Monetary(
        string="Order amount (company currency)",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
    )
    customer_zone_credit_shortfall = fields.Monetary(
        string="Short of the available balance",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
        help="What this order exceeds the customer's available balance by, "
        "less what was paid online for it, in the company's currency.",
    )
    customer_zone_credit_deposits = fields.Monetary(
        string="Customer's deposits and credits",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
        help="The customer's payments and credit notes not allocated yet.",
    )
    customer_zone_apply_credits = fields.Boolean(
        string="Deposits and credits applied at invoicing",
        related="partner_invoice_id.commercial_partner_id.customer_zone_apply_credits",
    )
    customer_zone_credit_over = fields.Boolean(
        string="Over the available balance",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
    )
    customer_zone_credit_blocked = fields.Boolean(
        string="Blocked by the available balance",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
        help="Confirming this quotation is refused: it is over the customer's "
        "available balance and the customer's policy blocks such orders. A "
        "sales or accounting manager may still confirm it, with a reason.",
    )
    customer_zone_credit_prepaid = fields.Boolean(
        string="Customer pays before ordering",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
    )
    customer_zone_credit_message = fields.Text(
        string="Available balance warning",
        compute="_compute_customer_zone_credit",
        groups=CREDIT_GROUPS,
    )
    customer_zone_credit_override_ids = fields.One2many(
        "customer.zone.credit.override",
        "order_id",
        string="Confirmations over the balance",
        groups=CREDIT_GROUPS,
    )

    # not stored, hence cached per request: the quotation page reads these
    # (and _has_to_be_paid through them) many times for one statement
    @api.depends(
        "state",
        "amount_total",
        "currency_rate",
        "company_id",
        "partner_invoice_id",
        "transaction_ids.state",
        "transaction_ids.amount",
        "transaction_ids.payment_id",
    )
    def _compute_customer_zone_credit(self):
        checks = self._customer_zone_credit_check()
        for order in self:
            check = checks[order.id]
            order.customer_zone_credit_currency_id = check["currency"]
            order.customer_zone_available_balance = check["available"]
            order.customer_zone_credit_amount = check["amount"]
            order.customer_zone_credit_shortfall = check["shortfall"]
            order.customer_zone_credit_deposits = check["deposits"]
            order.customer_zone_credit_over = check["over"]
            order.customer_zone_credit_blocked = check["blocked"]
            order.customer_zone_credit_prepaid = check["prepaid"]
            order.customer_zone_credit_message = check["message"]

    # ------------------------------------------------------------------
    # the check
    # ------------------------------------------------------------------
    def _customer_zone_credit_check(self):
        """``{order id: check}`` of these orders against their customers'
        available balance, read fresh (one statement per company).

        A check is a dict: ``customer`` (commercial partner billed),
        ``currency`` (the company's), ``policy`` ('warn'|'block'),
        ``checked`` (the customer has a limit or is prepaid), ``prepaid``,
        ``available`` (the customer's available balance before this order),
        ``paid`` (paid online for this order and not booked yet), ``amount``
        (the order's total), ``shortfall``, ``over``, ``blocked`` (all in the
        company's currency), ``message`` (for the staff) and
        ``customer_message`` (for the zone).

        Quotations of one customer checked together count each other: the
        first ones take the balance the next ones would use.
        """
        figures = {}
        for company in self.company_id:
            orders = self.filtered(lambda o, c=company: o.company_id == c)
            customers = orders.partner_invoice_id.commercial_partner_id._origin
            figures[company] = customers._customer_zone_credit_figures(company)
        taken = {}
        checks = {}
        for order in self:
            check = order._customer_zone_credit_check_one(figures, taken)
            checks[order.id] = check
        return checks

    def _customer_zone_credit_check_one(self, figures, taken):
        """The check of one order (see ``_customer_zone_credit_check``);
        ``taken`` accumulates what the quotations checked before it take of
        their customer's balance."""
        self.ensure_one()
        company = self.company_id or self.env.company
        currency = company.currency_id
        customer = self.partner_invoice_id.commercial_partner_id
        credit = figures.get(company, {}).get(customer._origin.id)
        check = {
            "customer": customer,
            "currency": currency,
            "policy": customer._origin._customer_zone_credit_policy(company)
            if customer._origin
            else company.customer_zone_credit_policy,
            "checked": bool(credit and credit.checked),
            "prepaid": bool(credit and credit.prepaid),
            "available": credit.available if credit else 0.0,
            "deposits": credit.deposits if credit else 0.0,
            "paid": 0.0,
            "amount": self._customer_zone_company_amount(self.amount_total),
            "shortfall": 0.0,
            "over": False,
            "blocked": False,
            "message": "",
            "customer_message": "",
        }
        if self.state not in ("draft", "sent") or not check["checked"]:
            return check
        key = (company.id, customer._origin.id)
        check["available"] -= taken.get(key, 0.0)
        taken[key] = taken.get(key, 0.0) + check["amount"]
        check["paid"] = self._customer_zone_company_amount(
            self._customer_zone_paid_not_booked()
        )
        shortfall = check["amount"] - check["paid"] - check["available"]
        # an order paid in full online adds nothing to what the customer owes
        fully_paid = currency.compare_amounts(check["paid"], check["amount"]) >= 0
        if fully_paid or currency.compare_amounts(shortfall, 0.0) <= 0:
            return check
        check.update(
            shortfall=float_round(
                shortfall, precision_rounding=currency.rounding, rounding_method="UP"
            ),
            over=True,
            blocked=check["policy"] == "block",
        )
        check["message"] = self._customer_zone_credit_message(check)
        check["customer_message"] = self._customer_zone_credit_customer_message(check)
        return check

    def _customer_zone_company_amount(self, amount):
        """``amount`` of the order's currency in the company's: the order's
        own rate, as core's credit warning and the figures' orders use."""
        self.ensure_one()
        return amount / (self.currency_rate or 1.0)

    def _customer_zone_paid_not_booked(self):
        """What the billed customer paid online for this order (done) and is
        not a payment in the books yet, in the order's currency: once booked,
        the payment is in the customer's deposits and counts there."""
        self.ensure_one()
        # sudo: the order's own transactions, read to count them, whoever
        # confirms (a salesman, the zone's visitor, the payment's processing)
        # done only (an authorization may still be voided), and paid by the
        # billed customer (the money of another payer is booked on its own
        # account, not this customer's)
        customer = self.partner_invoice_id.commercial_partner_id
        transactions = self.sudo().transaction_ids.filtered(
            lambda tx: tx.state == "done"
            and not tx.payment_id
            and tx.partner_id.commercial_partner_id == customer
        )
        return sum(transactions.mapped("amount"))

    def _customer_zone_credit_message(self, check):
        """What the staff reads when the order is over the balance: why, and
        what to do."""
        env = self.env
        currency = check["currency"]
        values = {
            "customer": check["customer"].display_name,
            "amount": currency.format(check["amount"]),
            "available": currency.format(check["available"] + check["paid"]),
            "shortfall": currency.format(check["shortfall"]),
        }
        if check["prepaid"]:
            why = env._(
                "%(customer)s pays before ordering (prepaid): this order "
                "(%(amount)s) is more than its deposits and credits available "
                "(%(available)s): %(shortfall)s short.",
                **values,
            )
        else:
            why = env._(
                "This order (%(amount)s) is more than %(customer)s's available "
                "balance (%(available)s): %(shortfall)s short.",
                **values,
            )
        if check["blocked"]:
            todo = env._(
                "Ask the customer to pay its open invoices or a deposit, or ask "
                "a manager to confirm it."
            )
        else:
            todo = env._(
                "It may still be confirmed: check the customer's account first."
            )
        return f"{why} {todo}"

    def _customer_zone_credit_customer_message(self, check):
        """What the customer reads in the zone: why, how to pay, whom to
        call."""
        env = self.env
        currency = check["currency"]
        return env._(
            "This order (%(amount)s) is more than your available balance "
            "(%(available)s): %(shortfall)s short. Pay your open invoices or a "
            "deposit (My account, Outstanding items), or contact %(contact)s.",
            amount=currency.format(check["amount"]),
            available=currency.format(check["available"] + check["paid"]),
            shortfall=currency.format(check["shortfall"]),
            contact=self._customer_zone_credit_contact_text(),
        )

    def _customer_zone_credit_contact(self):
        """Whom the customer calls about its balance: the salesperson, else
        the company (sudo: name, email and phone only)."""
        self.ensure_one()
        order_sudo = self.sudo()
        return order_sudo.user_id.partner_id or order_sudo.company_id.partner_id

    def _customer_zone_credit_contact_text(self):
        """The contact in a sentence: name (email, phone)."""
        contact = self._customer_zone_credit_contact()
        details = ", ".join(filter(None, [contact.email, contact.phone]))
        return f"{contact.name} ({details})" if details else contact.name

    # ------------------------------------------------------------------
    # the zone (customer_zone_payment lets the customer pay the shortfall)
    # ------------------------------------------------------------------
    def _customer_zone_pays_shortfall_online(self):
        """Whether the zone's acceptance asks this order's customer to pay
        its shortfall online instead of refusing it. None without
        customer_zone_payment."""
        self.ensure_one()
        return False

    def _customer_zone_acceptance_refusal(self, user=None):
        """The message the zone answers an acceptance of this order by
        ``user`` with, or '' when it may be accepted (fresh figures, nothing
        written). ``user`` defaults to the request's visitor: the controller
        hands an order of the superuser (portal's ``_document_check_access``),
        whose figures anyone would be shown."""
        self.ensure_one()
        if user is None:
            user = request.env.user if request else self.env.user
        check = self._customer_zone_credit_check()[self.id]
        if check["blocked"] and not self._customer_zone_pays_shortfall_online():
            if not self._customer_zone_credit_shown_to(user):
                return self.env._(
                    "This order cannot be accepted online: please contact %(contact)s.",
                    contact=self._customer_zone_credit_contact_text(),
                )
            return check["customer_message"]
        return ""

    def _customer_zone_credit_shown_to(self, user):
        """Whether ``user`` may read the account figures of this order's
        billed customer: staff, or a logged-in user of that very customer
        whose zone shows payments (not a link's holder, not the user of a
        customer whose order another company pays)."""
        self.ensure_one()
        if not user.share:
            return True
        if user._is_public():
            return False
        zone = user._customer_zone_state()
        return bool(
            zone.shows("payments")
            and zone.partner == self.sudo().partner_invoice_id.commercial_partner_id
        )

    # ------------------------------------------------------------------
    # confirmation
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Orders over their customer's available balance: refused when the
        policy blocks them (unless a manager's override is recorded for
        them), confirmed with a note in the chatter when it only warns.

        The check runs once: the state's write (core's action_confirm) is
        told which quotations were checked here, so that it neither checks
        them again nor asks a second override of them."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        checks = quotations._customer_zone_credit_refuse_blocked()
        checked = CheckedOrders(quotations.ids)
        result = super(
            SaleOrder, self.with_context(**{CHECKED_KEY: checked})
        ).action_confirm()
        warned = quotations.filtered(
            lambda o: checks[o.id]["over"] and not checks[o.id]["blocked"]
        )
        for order in warned:
            order._customer_zone_credit_note(checks[order.id]["message"])
        return result

    def _customer_zone_credit_refuse_blocked(self):
        """Raise UserError when one of these quotations is blocked and no
        manager's override is recorded for it; else take the overrides that
        let blocked ones through (each serves once) and return the checks.

        The customers whose orders the block watches are locked first (see
        ``_customer_zone_credit_lock``): two confirmations at once must not
        both spend the same balance."""
        checks = self._customer_zone_credit_check()
        self._customer_zone_credit_lock(checks)
        blocked = self.filtered(lambda o: checks[o.id]["blocked"])
        overrides = self._customer_zone_credit_overrides()
        refused = blocked - overrides.order_id
        if refused:
            raise UserError("\n".join(checks[order.id]["message"] for order in refused))
        # sudo: the overrides are written by the override wizard only; this
        # marks the ones this confirmation consumed
        overrides.sudo().write({"used": True})
        return checks

    def _customer_zone_credit_lock(self, checks):
        """Serialize the confirmations of one customer: a no-op update of the
        commercial partners whose orders are refused when over the balance.

        Odoo's transactions are REPEATABLE READ: a second confirmation
        started before the first committed reads figures without the first
        order, and a mere ``SELECT ... FOR NO KEY UPDATE`` would only make it
        wait and then read that old snapshot. Updating the row makes it wait
        and then fail with a serialization error, which Odoo's request retry
        (``odoo.service.model.retrying``) answers by running it again, on
        fresh figures that count the first order. Only on confirmation,
        only for customers with a limit or prepaid whose policy blocks (a
        warning refuses nothing); no field changes, no write date moves."""
        customer_ids = sorted(
            {
                check["customer"]._origin.id
                for check in checks.values()
                if check["checked"] and check["policy"] == "block"
            }
            - {False}
        )
        if customer_ids:
            self.env.cr.execute(
                SQL(
                    # rows locked in the order of their ids (two confirmations
                    # of the same customers never wait on each other crosswise)
                    """UPDATE res_partner SET id = id
                        WHERE id IN (SELECT id FROM res_partner WHERE id IN %s
                                      ORDER BY id FOR UPDATE)""",
                    tuple(customer_ids),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """An order created confirmed (an RPC call, an import, a copy with a
        default state) is a quotation confirmed: created as a quotation, then
        written to 'sale', where the block holds."""
        if self.env.su or not any(vals.get("state") == "sale" for vals in vals_list):
            return super().create(vals_list)
        confirmed = [vals.get("state") == "sale" for vals in vals_list]
        orders = super().create(
            [
                dict(vals, state="draft") if sale else vals
                for vals, sale in zip(vals_list, confirmed, strict=True)
            ]
        )
        orders.browse(
            [order.id for order, sale in zip(orders, confirmed, strict=True) if sale]
        ).write({"state": "sale"})
        return orders

    def write(self, vals):
        """A quotation written to 'sale' is confirmed, whatever the path (a
        salesman's RPC call): the block holds there too, on the order as it
        is confirmed (the other values of the same write first), and only
        quotations are confirmed (a cancelled order is not). The amounts the
        check reads are never written directly, and a confirmed order is not
        billed to another customer, nor made bigger past its customer's
        balance, without a manager (its amount would move to that customer's
        balance unchecked)."""
        if self.env.su:
            return super().write(vals)
        if CHECKED_AMOUNTS & set(vals):
            raise UserError(
                self.env._("An order's totals are computed from its lines.")
            )
        if vals.get("state") == "sale":
            if any(order.state not in ("draft", "sent", "sale") for order in self):
                raise UserError(self.env._("Only quotations can be confirmed."))
            others = {
                key: value
                for key, value in vals.items()
                if key not in ("state", "date_order")
            }
            if others:
                self.write(others)
                return self.write(
                    {key: value for key, value in vals.items() if key not in others}
                )
            checked = self.env.context.get(CHECKED_KEY)
            if not isinstance(checked, CheckedOrders):
                checked = ()
            self.filtered(
                lambda o: o.state in ("draft", "sent") and o.id not in checked
            )._customer_zone_credit_refuse_blocked()
        new_partner = vals.get("partner_invoice_id", vals.get("partner_id"))
        if (
            "partner_invoice_id" in vals or "partner_id" in vals
        ) and not self._customer_zone_credit_manager():
            new = self.env["res.partner"].browse(new_partner)
            if any(
                order.state == "sale"
                and order.partner_invoice_id.commercial_partner_id
                != new.commercial_partner_id
                for order in self
            ):
                raise UserError(
                    self.env._(
                        "Only a manager bills a confirmed order to another customer."
                    )
                )
        before = self._customer_zone_credit_snapshot()
        result = super(
            SaleOrder, self.with_context(**{ORDER_WRITE_KEY: OrdersWritten(self.ids)})
        ).write(vals)
        self._customer_zone_credit_refuse_increase(before)
        return result

    def _customer_zone_credit_manager(self):
        """Whether the user is a sales or accounting manager."""
        return any(self.env.user.has_group(group) for group in MANAGER_GROUPS)

    def _customer_zone_credit_snapshot(self):
        """``(totals, credits)`` of these confirmed orders before a change:
        ``{order id: total}`` and their billed customers' figures
        (``_customer_zone_credit_of_orders``). What a change takes of a
        balance is read on the figures themselves: an order's currency, its
        date (the rate) or its delivered quantities move them as much as its
        total does (the superuser's flows change no confirmed order's
        lines)."""
        if self.env.su:
            return {}, {}
        confirmed = self.filtered(lambda o: o.state == "sale")
        return (
            {order.id: order.amount_total for order in confirmed},
            confirmed._customer_zone_credit_of_orders(),
        )

    def _customer_zone_credit_of_orders(self):
        """``{(company, customer id): CreditFigures}`` of these orders'
        billed customers, one statement per company."""
        result = {}
        for company in self.company_id:
            customers = self.filtered(
                lambda o, c=company: o.company_id == c
            ).partner_invoice_id.commercial_partner_id
            for customer_id, credit in customers._customer_zone_credit_figures(
                company
            ).items():
                result[company, customer_id] = credit
        return result

    def _customer_zone_credit_refuse_increase(self, before):
        """Raise UserError when a change of confirmed orders of ``before``
        (``_customer_zone_credit_snapshot``) left a customer whose policy
        blocks below zero available balance and lower than before (or moved
        an order to a customer, or a company, where it is below zero): what
        a confirmation would have refused. A manager's is recorded."""
        totals, credits = before
        changed = self.filtered(lambda o: o.id in totals and o.state == "sale")
        after = changed._customer_zone_credit_of_orders()
        for (company, customer_id), credit in after.items():
            customer = self.env["res.partner"].browse(customer_id)
            currency = company.currency_id
            was = credits.get((company, customer_id))
            if not (
                credit.checked
                and customer._customer_zone_credit_policy(company) == "block"
                and currency.compare_amounts(credit.available, 0.0) < 0
            ) or (
                was is not None
                and currency.compare_amounts(credit.available, was.available) >= 0
            ):
                continue
            if self._customer_zone_credit_manager():
                # a manager may: recorded as an override, as a confirmation
                changed.filtered(
                    lambda o, c=company, p=customer: o.company_id == c
                    and o.partner_invoice_id.commercial_partner_id == p
                )._customer_zone_credit_record_change(credit, totals)
            else:
                raise UserError(
                    self.env._(
                        "This change takes %(customer)s below its available "
                        "balance (%(available)s): ask a manager.",
                        customer=customer.display_name,
                        available=currency.format(credit.available),
                    )
                )

    def _customer_zone_credit_record_change(self, credit, before):
        """A manager's change of these confirmed orders that takes their
        customer below zero available balance: recorded as an override (used
        at once), with a note on each order (``before``: {order id: total
        before}), as the override wizard records a confirmation."""
        currency = self.company_id.currency_id
        shortfall = currency.round(-credit.available)
        reason = self.env._("Confirmed order changed by a manager")
        # sudo: the overrides are append-only records of the managers'
        # decisions; this user is one (checked by the caller)
        self.env["customer.zone.credit.override"].sudo().create(
            [
                {
                    "order_id": order.id,
                    "partner_id": order.partner_invoice_id.commercial_partner_id.id,
                    "company_id": order.company_id.id,
                    "user_id": self.env.user.id,
                    "amount": order._customer_zone_company_amount(order.amount_total),
                    "available_balance": credit.available,
                    "shortfall": shortfall,
                    "reason": reason,
                    "used": True,
                }
                for order in self
            ]
        )
        for order in self:
            order.message_post(
                body=self.env._(
                    "Changed after confirmation by %(user)s (total was %(before)s): "
                    "the customer is %(shortfall)s below its available balance.",
                    user=self.env.user.name,
                    before=order.currency_id.format(before[order.id]),
                    shortfall=currency.format(shortfall),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _customer_zone_credit_overrides(self):
        """The manager's overrides that confirm these orders now: the
        override wizard puts the ids of the overrides it recorded in the
        context; only a manager's own, of these orders, not used yet, are
        taken (the context comes from the caller: a salesman's RPC call, or a
        manager's replaying an old override of an order cancelled and reset
        to quotation, may carry any id)."""
        override_ids = self.env.context.get("customer_zone_credit_override_ids")
        Override = self.env["customer.zone.credit.override"]
        if not self or not override_ids or not isinstance(override_ids, (list, tuple)):
            return Override
        user = self.env.user
        if not any(user.has_group(group) for group in MANAGER_GROUPS):
            return Override
        ids = [
            i for i in override_ids if isinstance(i, int) and not isinstance(i, bool)
        ]
        # sudo: the overrides of the orders being confirmed, recorded by this
        # very user
        return (
            Override.sudo()
            .browse(ids)
            .exists()
            .filtered(lambda o: o.user_id == user and not o.used and o.order_id in self)
        )

    def _customer_zone_credit_note(self, message):
        """A note in the order's chatter, which its salesperson is notified
        of (an employee's note; the zone's visitor is no author of it)."""
        self.ensure_one()
        author = (
            self.env.ref("base.partner_root")
            if self.env.user.share
            else self.env.user.partner_id
        )
        self.sudo().message_post(
            body=message,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=self.sudo().user_id.partner_id.ids,
        )

    def action_customer_zone_credit_override(self):
        """The wizard where a manager confirms this order over the balance
        (the wizard checks the group again)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm over the available balance"),
            "res_model": "customer.zone.credit.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
