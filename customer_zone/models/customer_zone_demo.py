"""Demo history of the Customer Zone demo customers.

Loaded only with demo data (``demo/customer_zone_demo.xml`` for documents,
``demo/customer_zone_activity_demo.xml`` for logins and document views).
Everything is dated relative to the day the database is created, so a fresh
demo always shows a year of history, overdue items, quotations that are still
valid, and reports of the zone's use that open on figures.
"""

import random
from datetime import timedelta, timezone

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

# documentation addresses (RFC 5737) and a few browsers, for demo events
DEMO_NETWORKS = ("203.0.113", "198.51.100", "192.0.2")
DEMO_USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
)
# what a person typed who has no login here
DEMO_UNKNOWN_LOGINS = ("accounts@acme-trading.example", "admin", "bluebird-bakery")
# the login events stay within the company's retention (365 days by default)
DEMO_ACTIVITY_DAYS = 360


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
        opening = builder.with_context(
            customer_zone_credit_limit_reason="Opening limit, from the trade references"
        )
        for xmlid, credit_limit, scale in customers:
            partner = builder.env.ref(xmlid)
            partner.with_env(opening.env).write(
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

    # ------------------------------------------------------------------
    # customer accounts: limits and their history, blocking, prepaid, notes
    # ------------------------------------------------------------------
    @api.model
    def _build_demo_credit(self):
        """Acme's limit raised and lowered over the year, notes on it and a
        monthly statement; Bluebird's orders blocked over its balance, with a
        quotation that is; Eagle Events (prepaid) with a deposit short of its
        quotation, to pay the rest online when it accepts."""
        company = self.env.ref("base.main_company")
        builder = self.with_company(company).with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        today = fields.Date.context_today(builder)
        acme = builder.env.ref("customer_zone.partner_acme_demo")
        builder._demo_limit_history(
            acme,
            today,
            [
                (8, 6500.0, "Busy season: larger orders agreed with the buyer"),
                (3, 5000.0, "Two invoices paid over 60 days late"),
            ],
        )
        for body in (
            "<p>Prefers statements by email at the start of the month; "
            "invoices to accounts@, never to the buyer.</p>",
            "<p>Called about the overdue invoice of four months ago: promised "
            "payment by the end of this month.</p>",
        ):
            acme.message_post(
                body=Markup(body),
                message_type="comment",
                subtype_xmlid="customer_zone.mt_customer_note",
            )
        cedar = builder.env.ref("customer_zone.partner_cedar_demo")
        (acme | cedar).customer_zone_statement_monthly = True
        bluebird = builder.env.ref("customer_zone.partner_bluebird_demo")
        bluebird.customer_zone_credit_policy = "block"
        builder._demo_quotation_over_balance(bluebird, today)
        eagle = builder.env.ref("customer_zone.partner_eagle_demo")
        builder._post_payment(eagle, today - relativedelta(days=20), 300.0)
        builder._demo_quotation(eagle, today - relativedelta(days=2), 1000.0)

    def _demo_limit_history(self, partner, today, changes):
        """Change ``partner``'s limit as ``[(months ago, limit, reason)]``
        says, each change dated then."""
        History = self.env["customer.zone.credit.limit.change"].sudo()
        rows = []
        for months, limit, reason in changes:
            partner.with_context(
                customer_zone_credit_limit_reason=reason,
                customer_zone_credit_limit_source="wizard",
            ).write({"credit_limit": limit, "use_partner_credit_limit": True})
            change = History.search(
                [("partner_id", "=", partner.id)], order="id desc", limit=1
            )
            moment = fields.Datetime.to_datetime(
                today - relativedelta(months=months)
            ).replace(hour=10)
            rows.append((change, moment))
        self._demo_create_dated(
            History._name,
            [(moment, {}) for _change, moment in rows],
            records=History.browse([change.id for change, _moment in rows]),
        )

    def _demo_quotation_over_balance(self, partner, today):
        """A quotation sent to ``partner`` for more than its available
        balance: accepting it in the zone is refused."""
        figures = partner._customer_zone_credit_figures(self.env.company)
        available = figures[partner.id].available
        order = self._demo_quotation(
            partner, today - relativedelta(days=4), max(available, 0.0) + 900.0
        )
        # accepted by a signature alone: the zone refuses it, and says why
        order.require_payment = False

    def _demo_quotation(self, partner, order_date, amount):
        """A quotation sent to ``partner`` for about ``amount`` (taxes
        included), valid a month."""
        product = self.env.ref("customer_zone.product_consulting_demo")
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": self.env.ref("base.user_admin").id,
                "date_order": fields.Datetime.to_datetime(order_date),
                "validity_date": order_date + relativedelta(days=30),
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_quotation_sent()
        return order

    # ------------------------------------------------------------------
    # zone activity: logins and document views
    # ------------------------------------------------------------------
    @api.model
    def _build_demo_activity(self, visitors):
        """Twelve months of zone activity for each ``(user xmlid, days between
        visits)``: logins (some failed, a few by sign-in link), then what the
        customer opened after each login among the documents it had then,
        plus invoices opened from the email link and a few unknown logins.

        The accountants' reports then open on real figures. Events are
        created by the ORM and dated in the past by one UPDATE per table
        (demo only: a real event is dated by the database as it happens).
        Random but reproducible: a fixed seed per user.
        """
        now = fields.Datetime.now()
        logins, views = [], []
        for xmlid, cadence in visitors:
            user = self.env.ref(xmlid)
            rng = random.Random(xmlid)
            documents = self._demo_viewable_documents(user.commercial_partner_id)
            pages = user.commercial_partner_id._customer_zone_state(
                user.company_id
            ).pages
            for moment in self._demo_visit_moments(rng, now, cadence):
                visit = self._demo_visit(rng, user, moment, documents, pages)
                logins += visit[0]
                views += visit[1]
        partners = (
            self.env["res.users"]
            .browse([self.env.ref(xmlid).id for xmlid, _cadence in visitors])
            .commercial_partner_id
        )
        for partner in partners:
            views += self._demo_link_views(partner, now)
        logins += self._demo_unknown_logins(now)
        # a visit early in the month may not have ended yet
        views = [(min(moment, now), values) for moment, values in views]
        self._demo_create_dated("customer.zone.login.event", logins)
        self._demo_create_dated("customer.zone.view.event", views)
        self._demo_note_first_logins(logins)

    def _demo_viewable_documents(self, partner):
        """``[(date, record)]`` the zone shows ``partner``, oldest first; the
        two newest invoices are left unviewed (the register's "not viewed
        yet", and the ones a newcomer opens first)."""
        moves = self.env["account.move"].search(
            partner._customer_zone_document_domain("account.move")
            & Domain("partner_id", "child_of", partner.id)
            & Domain("move_type", "in", ("out_invoice", "out_refund"))
            & Domain("state", "=", "posted"),
            order="invoice_date, id",
        )
        fresh = moves.filtered(lambda m: m.move_type == "out_invoice")[-2:]
        orders = self.env["sale.order"].search(
            partner._customer_zone_document_domain("sale.order")
            & Domain("partner_id", "child_of", partner.id),
            order="date_order, id",
        )
        documents = [(move.invoice_date, move) for move in moves - fresh]
        documents += [(order.date_order.date(), order) for order in orders]
        return sorted(documents, key=lambda item: (item[0], item[1].id))

    def _demo_visit_moments(self, rng, now, cadence):
        """When a user came, every ``cadence`` days or so, in office hours,
        and at least once in the current month (the reports' "this month")."""
        day = now - timedelta(days=DEMO_ACTIVITY_DAYS - rng.uniform(0, cadence))
        last = None
        while day < now:
            moment = day.replace(
                hour=rng.randint(7, 18),
                minute=rng.randint(0, 59),
                second=0,
                microsecond=0,
            )
            if moment < now - timedelta(minutes=30):
                last = moment
                yield moment
            day += timedelta(days=cadence * rng.uniform(0.5, 1.5))
        if last is None or last < now.replace(day=1, hour=0, minute=0, second=0):
            yield self._demo_moment(now, 0, share=rng.uniform(0.5, 0.9))

    def _demo_visit(self, rng, user, moment, documents, pages):
        """The login events and views of one visit of ``user``."""
        ip, agent = self._demo_device(rng, user)
        attempts = []
        method = "link" if rng.random() < 0.1 else "password"
        if rng.random() < 0.08:
            attempts.append(
                (moment - timedelta(minutes=1), "wrong_password", "password")
            )
        elif method == "link" and rng.random() < 0.2:
            # an old link: refused, then the password
            attempts.append((moment - timedelta(minutes=2), "refused", "link"))
            method = "password"
        attempts.append((moment, "success", method))
        login_rows = [
            (when, self._demo_login_values(user, result, how, ip, agent))
            for when, result, how in attempts
        ]
        if not pages:
            return login_rows, []
        seen = []
        available = [doc for day, doc in documents if day <= moment.date()]
        invoices = [doc for doc in available if doc._name == "account.move"][-3:]
        orders = [doc for doc in available if doc._name == "sale.order"][-2:]
        if invoices and rng.random() < 0.6:
            invoice = rng.choice(invoices)
            seen.append((invoice, None, "page"))
            if rng.random() < 0.3:
                seen.append((invoice, None, "pdf"))
        if "statement" in pages and rng.random() < 0.35:
            seen.append((None, "statement", "page"))
            if rng.random() < 0.3:
                seen.append((None, "statement", "pdf"))
        if "outstanding" in pages and rng.random() < 0.25:
            seen.append((None, "outstanding", "page"))
        if orders and rng.random() < 0.2:
            seen.append((rng.choice(orders), None, "page"))
        view_rows = [
            (
                moment + timedelta(minutes=2 + 3 * index),
                self._demo_view_values(user, document, target, kind, ip, agent),
            )
            for index, (document, target, kind) in enumerate(seen)
        ]
        return login_rows, view_rows

    @api.model
    def _demo_device(self, rng, user):
        """The address and browser of a visit: the user's own, at times a
        phone."""
        ip = f"{DEMO_NETWORKS[user.id % 3]}.{10 + user.id % 200}"
        return ip, DEMO_USER_AGENTS[(user.id + (rng.random() < 0.2)) % 4]

    @api.model
    def _demo_login_values(self, user, result, method, ip, agent):
        """A login event's values, as ``_prepare_values`` builds them."""
        return {
            "login": user.login,
            "user_id": user.id,
            "partner_id": user.commercial_partner_id.id,
            "company_id": user.company_id.id,
            "result": result,
            "method": method,
            "portal": True,
            "ip_address": ip,
            "user_agent": agent,
        }

    def _demo_view_values(self, user, document, target, kind, ip, agent):
        """A view event's values, as ``_note_view`` builds them."""
        Event = self.env["customer.zone.view.event"]
        partner = user.commercial_partner_id if user else None
        company = user.company_id if user else None
        if document is not None:
            partner = Event._document_partner(document)
            target = Event._document_target(document)
            company = document.company_id
        return {
            "partner_id": partner.id,
            "user_id": user.id if user else None,
            "company_id": company.id,
            "target": target,
            "kind": kind,
            "access": "session" if user else "link",
            "res_model": document._name if document is not None else None,
            "res_id": document.id if document is not None else None,
            "document_name": document.display_name if document is not None else None,
            "ip_address": ip,
            "user_agent": agent,
        }

    def _demo_link_views(self, partner, now):
        """Invoices and credit notes opened from the email, without logging
        in: a day or two after most of them were issued."""
        rng = random.Random(partner.id)
        rows = []
        for day, document in self._demo_viewable_documents(partner):
            if document._name != "account.move" or rng.random() < 0.4:
                continue
            moment = fields.Datetime.to_datetime(day) + timedelta(
                days=rng.randint(1, 2), hours=rng.randint(8, 20)
            )
            if moment < now:
                ip = f"{DEMO_NETWORKS[2]}.{100 + rng.randint(0, 99)}"
                agent = DEMO_USER_AGENTS[2]
                values = self._demo_view_values(None, document, None, "page", ip, agent)
                rows.append((moment, values))
        return rows

    def _demo_unknown_logins(self, now):
        """A few attempts with a login nobody has (no user, no company)."""
        rng = random.Random("unknown logins")
        return [
            (
                (now - timedelta(days=rng.uniform(1, DEMO_ACTIVITY_DAYS))).replace(
                    microsecond=0
                ),
                {
                    "login": login,
                    "result": "unknown_login",
                    "method": "password",
                    "portal": False,
                    "ip_address": f"{DEMO_NETWORKS[1]}.{rng.randint(1, 254)}",
                    "user_agent": DEMO_USER_AGENTS[3],
                },
            )
            for login in DEMO_UNKNOWN_LOGINS * 2
        ]

    def _demo_create_dated(self, model_name, rows, records=None):
        """Create ``[(moment, values)]`` (or take ``records``, one per row)
        and date each row at its moment."""
        if not rows:
            return self.env[model_name]
        if records is None:
            records = self.env[model_name].sudo().create([v for _m, v in rows])
        dated = SQL(", ").join(
            SQL("(%s, %s::timestamp)", record.id, moment)
            for record, (moment, _values) in zip(records, rows, strict=True)
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s AS event
                   SET create_date = dated.moment, write_date = dated.moment
                  FROM (VALUES %(dated)s) AS dated(id, moment)
                 WHERE event.id = dated.id
                """,
                table=SQL.identifier(records._table),
                dated=dated,
            )
        )
        records.invalidate_recordset(["create_date", "write_date"])
        return records

    def _demo_note_first_logins(self, logins):
        """The first login of each demo user, as the login itself notes it."""
        first = {}
        for moment, values in logins:
            if values["result"] == "success":
                user_id = values["user_id"]
                first[user_id] = min(moment, first.get(user_id, moment))
        for user in self.env["res.users"].browse(first):
            if not user.partner_id.customer_zone_first_login_on:
                user.partner_id.customer_zone_first_login_on = first[user.id]

    # ------------------------------------------------------------------
    # online payments (customer_zone_payment's demo calls this)
    # ------------------------------------------------------------------
    @api.model
    def _build_demo_online_payments(self, payers, others):
        """Twelve months of online payments, for the payments report and its
        dashboard, which opens on the current month's successful payments.

        ``payers``: ``(partner xmlid, scale, months ago of the first invoice
        paid online, days ago of a payment on account (0: this month))``.
        Each pays an invoice online every other month a few days after it was
        issued (once after a declined card, once after a cancelled attempt),
        pays an amount on account, and pays the invoice of three weeks ago
        this month. ``others``: partner xmlids that only tried (declined and
        cancelled payments on account). Each attempt follows a login and a
        view of what is paid, as in the zone.

        It lives here, beside the history it extends, and runs only from
        customer_zone_payment's demo (it needs account_payment). A done
        transaction gets its payment as account_payment books it
        (``_create_payment``, reconciled with the invoice), dated the day of
        the payment; no receipt is mailed.
        """
        company = self.env.ref("base.main_company")
        builder = self.with_company(company).with_context(
            tracking_disable=True, mail_notrack=True, mail_create_nolog=True
        )
        now = fields.Datetime.now()
        for xmlid, scale, first_month, on_account_days in payers:
            partner = builder.env.ref(xmlid)
            builder._demo_pay_online(partner, scale, first_month, now)
            when = builder._demo_moment(now, on_account_days, share=0.8)
            builder._demo_transaction(partner, 100.0 * scale, when, "done")
        for index, xmlid in enumerate(others):
            partner = builder.env.ref(xmlid)
            for days, amount, state, message in (
                (240 + index, 500.0, "error", "Card declined"),
                (95 + index, 250.0, "cancel", None),
                (0, 300.0, "error", "Insufficient funds"),
            ):
                when = builder._demo_moment(now, days, share=0.3)
                builder._demo_transaction(partner, amount, when, state, message=message)

    def _demo_pay_online(self, partner, scale, first_month, now):
        """Invoices issued every other month, paid online days later."""
        for index, months in enumerate(range(first_month, 0, -2)):
            issued = (now - relativedelta(months=months)).date()
            invoice = self._post_invoice(partner, issued, scale, months)
            paid_at = fields.Datetime.to_datetime(issued) + timedelta(
                days=4, hours=9 + index
            )
            earlier = {1: ("error", "Card declined"), 3: ("cancel", None)}.get(index)
            if earlier:
                self._demo_transaction(
                    partner,
                    invoice.amount_residual,
                    paid_at - timedelta(days=1),
                    earlier[0],
                    invoice=invoice,
                    message=earlier[1],
                )
            self._demo_transaction(
                partner, invoice.amount_residual, paid_at, "done", invoice=invoice
            )
        invoice = self._post_invoice(
            partner, (now - timedelta(days=21)).date(), scale, 7
        )
        self._demo_transaction(
            partner,
            invoice.amount_residual,
            self._demo_moment(now, 0, share=0.5),
            "done",
            invoice=invoice,
        )

    @api.model
    def _demo_moment(self, now, days_ago, share):
        """``days_ago`` days before ``now`` at two in the afternoon, or for 0
        a moment of the current month so far (``share`` of it): the
        dashboard's default period is the current month."""
        if days_ago:
            return (now - timedelta(days=days_ago)).replace(hour=14, minute=0, second=0)
        # the current month of the accountant who opens the dashboard, in his
        # time zone: in the first hours of a month in Brussels, UTC is still
        # in the month before
        accountant = self.env.ref("base.user_admin", raise_if_not_found=False)
        local_now = fields.Datetime.context_timestamp(accountant or self.env.user, now)
        local_start = local_now.replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        )
        month_start = local_start.astimezone(timezone.utc).replace(tzinfo=None)
        # and in the current month in UTC too (the reports group by months of
        # the user's zone, tests and exports by UTC months): the later start
        month_start = max(
            month_start, now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        )
        if month_start >= now:
            # west of UTC, early in a UTC month: no moment is in both months
            return (now - timedelta(minutes=1)).replace(microsecond=0)
        return (month_start + (now - month_start) * share).replace(microsecond=0)

    def _demo_transaction(
        self, partner, amount, moment, state, invoice=None, message=None
    ):
        """One online payment of ``amount`` by ``partner`` (for ``invoice``,
        else on account) that ended in ``state`` at ``moment``, after the
        customer logged in and opened the invoice or the open items."""
        provider = self.env.ref("payment.payment_provider_demo")
        method = self.env.ref(
            "payment_demo.payment_method_demo", raise_if_not_found=False
        ) or self.env.ref("payment.payment_method_card")
        invoice = invoice or self.env["account.move"]
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "amount": amount,
                "currency_id": self.env.company.currency_id.id,
                "partner_id": partner.id,
                "operation": "online_direct",
                "invoice_ids": [Command.set(invoice.ids)],
            }
        )
        tx.write(
            {
                "state": state,
                "state_message": message,
                "last_state_change": moment,
                "is_post_processed": True,
            }
        )
        if state == "done":
            # the provider's journal is set once the provider is enabled:
            # the demo books on the bank journal, whatever the provider's state
            journal = self._bank_journal()
            tx._create_payment(
                date=moment.date(),
                journal_id=journal.id,
                payment_method_line_id=journal.inbound_payment_method_line_ids[:1].id,
            )
        self._demo_create_dated("payment.transaction", [(moment, {})], records=tx)
        self._demo_before_payment(partner, invoice, moment)
        return tx

    def _demo_before_payment(self, partner, invoice, moment):
        """The login and the view that come before paying in the zone."""
        user = partner.user_ids[:1]
        if not user:
            return
        ip, agent = self._demo_device(random.Random(moment.isoformat()), user)
        login = self._demo_login_values(user, "success", "password", ip, agent)
        if invoice:
            view = self._demo_view_values(user, invoice, None, "page", ip, agent)
        else:
            view = self._demo_view_values(user, None, "outstanding", "page", ip, agent)
        self._demo_create_dated(
            "customer.zone.login.event", [(moment - timedelta(minutes=6), login)]
        )
        self._demo_create_dated(
            "customer.zone.view.event", [(moment - timedelta(minutes=4), view)]
        )
