"""Demo history of the Customer Zone demo customers.

Loaded only with demo data (``demo/customer_zone_demo.xml``). Everything is
dated relative to the day the database is created, so a fresh demo always
shows a year of history, overdue items and quotations that are still valid.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class CustomerZoneDemo(models.AbstractModel):
    _name = "customer.zone.demo"
    _description = "Customer Zone demo history builder"

    @api.model
    def _build_demo_history(self, customers):
        """Build the history of each ``(partner xmlid, credit limit, scale)``."""
        company = self.env.ref("base.main_company")
        builder = self.with_company(company).with_context(
            tracking_disable=True, mail_notrack=True, mail_create_nolog=True
        )
        for xmlid, credit_limit, scale in customers:
            partner = builder.env.ref(xmlid)
            partner.write(
                {"credit_limit": credit_limit, "use_partner_credit_limit": True}
            )
            builder._build_partner_history(partner, scale)
        company.account_use_credit_limit = True

    # ------------------------------------------------------------------
    # one customer
    # ------------------------------------------------------------------
    def _build_partner_history(self, partner, scale):
        today = fields.Date.context_today(self)
        day = 3 + int(scale * 7) % 20

        def months_ago(months):
            return (today - relativedelta(months=months)).replace(day=day)

        # Invoices 13 to 5 months ago: paid in full about three weeks later.
        for months in range(13, 4, -1):
            invoice = self._post_invoice(partner, months_ago(months), scale, months)
            paid_on = invoice.invoice_date + relativedelta(days=21)
            self._register_payment(invoice, paid_on)

        # Six months ago: a credit note for a quarter of the invoice, the rest paid.
        invoice = self._post_invoice(
            partner, months_ago(6) + relativedelta(days=2), scale, 6
        )
        credit_note = self._post_credit_note(
            partner, invoice.invoice_date + relativedelta(days=5), invoice, 0.25
        )
        self._reconcile(invoice | credit_note)
        self._register_payment(invoice, invoice.invoice_date + relativedelta(days=25))

        # Five months ago: a credit note paid back to the customer (a refund).
        refunded = self._post_credit_note(
            partner, months_ago(5) + relativedelta(days=8), None, 0.0, scale
        )
        self._register_payment(refunded, refunded.invoice_date + relativedelta(days=6))

        # Four months ago: still unpaid (over 90 days overdue).
        self._post_invoice(partner, months_ago(4), scale, 4)
        # Three months ago: half paid, the rest overdue.
        invoice = self._post_invoice(partner, months_ago(3), scale, 3)
        self._register_payment(
            invoice,
            invoice.invoice_date + relativedelta(days=20),
            amount=invoice.currency_id.round(invoice.amount_total / 2),
        )
        # Two months ago: overdue, excluded from online payment.
        invoice = self._post_invoice(partner, months_ago(2), scale, 2)
        invoice.customer_zone_allow_online_payment = False
        # Last month and last week: not yet due.
        self._post_invoice(partner, months_ago(1), scale, 1)
        self._post_invoice(partner, today - relativedelta(days=6), scale, 0)

        # An open credit note, not yet allocated.
        self._post_credit_note(
            partner, today - relativedelta(days=12), None, 0.0, scale
        )
        # A payment on account, left unallocated.
        self._post_payment(partner, today - relativedelta(days=9), 150.0 * scale)

        self._build_quotations(partner, scale, today)

    # ------------------------------------------------------------------
    # documents
    # ------------------------------------------------------------------
    def _invoice_lines(self, scale, variant):
        consulting = self.env.ref("customer_zone.product_consulting_demo")
        support = self.env.ref("customer_zone.product_support_plan_demo")
        paper = self.env.ref("customer_zone.product_printer_paper_demo")
        lines = [
            Command.create(
                {"product_id": support.id, "quantity": 1, "price_unit": 240.0 * scale}
            ),
            Command.create(
                {
                    "product_id": consulting.id,
                    "quantity": 2 + variant % 5,
                    "price_unit": 95.0,
                }
            ),
        ]
        if variant % 3 == 0:
            lines.append(
                Command.create(
                    {"product_id": paper.id, "quantity": 4, "price_unit": 32.5}
                )
            )
        return lines

    def _post_invoice(self, partner, invoice_date, scale, variant):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": self._invoice_lines(scale, variant),
            }
        )
        invoice.action_post()
        return invoice

    def _post_credit_note(self, partner, date, invoice, share, scale=1.0):
        """A credit note for ``share`` of ``invoice``, or a goodwill one."""
        if invoice:
            lines = [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "quantity": line.quantity,
                        "price_unit": line.currency_id.round(line.price_unit * share),
                        "tax_ids": [Command.set(line.tax_ids.ids)],
                    }
                )
                for line in invoice.invoice_line_ids
            ]
        else:
            lines = [
                Command.create(
                    {
                        "name": "Goodwill credit: late delivery",
                        "quantity": 1,
                        "price_unit": 60.0 * scale,
                        "tax_ids": [Command.clear()],
                    }
                )
            ]
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": partner.id,
                "invoice_date": date,
                "reversed_entry_id": invoice.id if invoice else False,
                "invoice_line_ids": lines,
            }
        )
        credit_note.action_post()
        return credit_note

    def _bank_journal(self):
        journals = self.env["account.journal"]
        return journals.search(
            [
                ("type", "=", "bank"),
                *journals._check_company_domain(self.env.company),
            ],
            limit=1,
        )

    def _register_payment(self, moves, date, amount=None):
        values = {"payment_date": date, "journal_id": self._bank_journal().id}
        if amount is not None:
            values.update(amount=amount, payment_difference_handling="open")
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(values)
        )
        return wizard._create_payments()

    def _post_payment(self, partner, date, amount):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": date,
                "journal_id": self._bank_journal().id,
                "memo": "Payment on account",
            }
        )
        payment.action_post()
        return payment

    def _reconcile(self, moves):
        lines = moves.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
        )
        lines.reconcile()

    # ------------------------------------------------------------------
    # quotations
    # ------------------------------------------------------------------
    def _build_quotations(self, partner, scale, today):
        contact = partner.child_ids[:1] or partner
        specs = [
            # (days ago, validity in days from then, final state)
            (3, 30, "draft"),
            (8, 30, "draft_published"),
            (10, 30, "sent"),
            (45, 30, "sale"),
            (70, 30, "invoiced"),
            (50, 30, "cancel"),
            (90, 30, "expired"),
        ]
        for index, (days_ago, validity, state) in enumerate(specs):
            order_date = today - relativedelta(days=days_ago)
            order = self.env["sale.order"].create(
                {
                    "partner_id": (contact if index == 2 else partner).id,
                    "date_order": fields.Datetime.to_datetime(order_date),
                    "validity_date": order_date + relativedelta(days=validity),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": line[2]["product_id"],
                                "product_uom_qty": line[2]["quantity"],
                                "price_unit": line[2]["price_unit"],
                            }
                        )
                        for line in self._invoice_lines(scale, index)
                    ],
                }
            )
            self._set_quotation_state(order, state, order_date)

    def _set_quotation_state(self, order, state, order_date):
        if state == "draft":
            return
        if state == "draft_published":
            order.customer_zone_published = True
            return
        order.action_quotation_sent()
        if state in ("sent", "expired"):
            return
        if state == "cancel":
            order._action_cancel()
            return
        order.action_confirm()
        order.date_order = fields.Datetime.to_datetime(order_date)
        if state == "invoiced":
            invoice = order._create_invoices()
            invoice.invoice_date = order_date + relativedelta(days=2)
            invoice.action_post()
