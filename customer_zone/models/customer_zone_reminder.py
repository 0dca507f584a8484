"""Overdue-invoice reminders: the queue and its log.

A daily cron queues one reminder per overdue customer and company (all the
invoices due for a reminder in one email); a second cron, triggered on
create, renders each email and posts it on the customer through the mail
queue, a batch per run, as the statement mailing does. Each row stays as the
log the accountant reads: who, when, which invoices, how much, which level.

The policy is a simple one of levels, modelled on OCA account_credit_control's
``credit.control.policy.level`` (a level number, a delay counted from the due
date for the first level and from the previous reminder after it): the first
reminder N days after the due date, then one every M days, at most K per
invoice; the level (first, second ..., final) sets the email's wording.

What an invoice was reminded of is read from this log (no field written on
invoices): reminders queued or sent count towards the K reminders; skipped
ones (no email address) only space the next attempt by M days; failed ones do
not count, so the next day's run tries again.

A partial unique index keeps the cron idempotent: one reminder per customer,
company and day that is not failed, whatever two runs do at once. "Today" is
the company's (its partner's time zone, else UTC) for the schedule and the
accountant's "queue now" alike, so two runs minutes apart date their rows the
same.

The email carries links with tokens: it is a ``mail.mail`` of the reminder
(readable by the company's accountants only), deleted once sent; the customer's
chatter (which any employee of any company reads) gets a note without links.
"""

import logging
from collections import defaultdict
from urllib.parse import quote

from dateutil.relativedelta import relativedelta
from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import format_amount, format_date

from ..const import INVOICE_MOVE_TYPES

_logger = logging.getLogger(__name__)

# reminders rendered and posted per cron run
CRON_BATCH = 50
# the reminders of an invoice that count towards the company's maximum
COUNTED_STATES = ("queued", "sent")
# the reminders that space the next one (a skipped one too: no daily retry
# for a customer without email)
SPACING_STATES = ("queued", "sent", "skipped")


class CustomerZoneReminder(models.Model):
    _name = "customer.zone.reminder"
    _description = "Customer Zone: overdue-invoice reminder"
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    recipient_id = fields.Many2one(
        "res.partner",
        string="Sent to",
        readonly=True,
        ondelete="set null",
        help="The customer's invoice address contact, or the customer.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    reminder_date = fields.Date(
        string="Date",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    level = fields.Integer(
        string="Reminder number",
        readonly=True,
        help="1 for a first reminder, then one more for each reminder of its "
        "most reminded invoice.",
    )
    stage = fields.Selection(
        [("first", "First"), ("second", "Second"), ("final", "Final")],
        string="Level",
        required=True,
        default="first",
        readonly=True,
        help="The email's wording: first, second (and later) or final reminder.",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "customer_zone_reminder_move_rel",
        "reminder_id",
        "move_id",
        string="Invoices",
        readonly=True,
    )
    invoice_count = fields.Integer(string="Invoices overdue", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Amount overdue",
        readonly=True,
        help="What the invoices of the reminder leave to pay, in the "
        "company's currency, when it was queued.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Queued by",
        readonly=True,
        ondelete="set null",
        help="Empty for the reminders the schedule queues.",
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("skipped", "Skipped"),
        ],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )
    sent_on = fields.Datetime(readonly=True)
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Message",
        readonly=True,
        ondelete="set null",
        help="The note that logs the reminder on the customer (the email "
        "itself, with its links, is deleted once sent).",
    )
    error = fields.Text(readonly=True, help="Why it failed or was skipped.")

    _daily_uniq = models.UniqueIndex(
        "(partner_id, company_id, reminder_date) WHERE state != 'failed'",
        "This customer was already reminded today.",
    )

    # ------------------------------------------------------------------
    # the policy
    # ------------------------------------------------------------------
    @api.model
    def _stage_of(self, level, company):
        """The wording of a reminder of ``level``: the last one the company
        sends is final, the first is first, any between is a second one."""
        if level >= company.customer_zone_reminder_max_count and level > 1:
            return "final"
        return "first" if level <= 1 else "second"

    @api.model
    def _history(self, invoices):
        """``{invoice id: (reminders counted, last date)}`` of ``invoices``,
        from the log, in one grouped query."""
        history = defaultdict(lambda: [0, None])
        if not invoices:
            return history
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [("invoice_ids", "in", invoices.ids), ("state", "in", SPACING_STATES)],
                ["invoice_ids", "state"],
                ["__count", "reminder_date:max"],
            )
        )
        for invoice, state, count, last in groups:
            figures = history[invoice.id]
            if state in COUNTED_STATES:
                figures[0] += count
            if last and (not figures[1] or last > figures[1]):
                figures[1] = last
        return history

    @api.model
    def _customer_zone_today(self, company):
        """The company's today (its partner's time zone, else UTC): the one
        date of the schedule and of the accountant's "queue now", whoever
        runs them, so the daily guard holds across time zones."""
        tz = company.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _overdue_invoices(self, company, today):
        """The open customer invoices of ``company`` due N days ago or more,
        of customers who did not opt out (sudo: the schedule's read)."""
        first_day = today - relativedelta(
            days=company.customer_zone_reminder_first_days
        )
        return (
            self.env["account.move"]
            .sudo()
            .search(
                Domain("company_id", "=", company.id)
                & Domain("state", "=", "posted")
                & Domain("move_type", "in", INVOICE_MOVE_TYPES)
                & Domain("payment_state", "in", ("not_paid", "partial"))
                & Domain("amount_residual", ">", 0)
                & Domain("invoice_date_due", "<=", first_day)
                & Domain(
                    "commercial_partner_id.customer_zone_reminder_opt_out", "=", False
                ),
                order="invoice_date_due, id",
            )
        )

    @api.model
    def _due_for_reminder(self, company, today):
        """``{commercial partner: (invoices, level)}``: the invoices of
        ``company`` due for a reminder today, per customer whose zone shows
        invoices, with the reminder's level."""
        invoices = self._overdue_invoices(company, today)
        history = self._history(invoices)
        max_count = company.customer_zone_reminder_max_count
        spacing = today - relativedelta(
            days=company.customer_zone_reminder_interval_days
        )
        due = defaultdict(lambda: [self.env["account.move"].sudo(), 1])
        for invoice in invoices:
            count, last = history[invoice.id]
            if count >= max_count or (last and last > spacing):
                continue
            entry = due[invoice.commercial_partner_id]
            entry[0] |= invoice
            entry[1] = max(entry[1], count + 1)
        return {
            partner: tuple(entry)
            for partner, entry in due.items()
            if partner._customer_zone_state(company).shows("invoices")
            and sum(entry[0].mapped("amount_residual_signed"))
            >= company.customer_zone_reminder_min_amount
        }

    @api.model
    def _recipient(self, partner):
        """Who the reminder goes to: the customer's invoice address contact,
        else the customer, the first of them with a valid email; or an empty
        record."""
        contact = self.env["res.partner"].browse(
            partner.address_get(["invoice"])["invoice"]
        )
        for candidate in contact | partner:
            if candidate.email_normalized:
                return candidate
        return self.env["res.partner"]

    # ------------------------------------------------------------------
    # queueing
    # ------------------------------------------------------------------
    @api.model
    def _cron_queue_overdue_reminders(self):
        """Queue today's reminders in each company whose zone is on and that
        sends reminders (Settings)."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("customer_zone_reminders", "=", True),
                    ("customer_zone_mode", "!=", "off"),
                ]
            )
        )
        reminders = self.browse()
        for company in companies:
            reminders |= self._queue_company(company)
        return reminders

    def action_customer_zone_queue_now(self):
        """The daily run, now, for the accountant's companies (the list's
        header button, called on the selected rows, ignored): what the
        schedule would queue today, and no more (the log keeps a customer
        from being reminded twice a day)."""
        self.env["res.users"]._customer_zone_check_group(
            "account.group_account_invoice"
        )
        for company in self.env.companies.filtered(
            lambda c: c.customer_zone_reminders and c.customer_zone_mode != "off"
        ):
            # sudo: the accountant may queue (checked above); the log and the
            # customers' invoices are read as the schedule reads them
            self.sudo()._queue_company(company.sudo(), user=self.env.user)
        return {
            "type": "ir.actions.client",
            "tag": "reload",
        }

    @api.model
    def _queue_company(self, company, user=None):
        """Queue one reminder per customer of ``company`` with invoices due
        for one today; none twice a day (the log, then the unique index).
        ``user``: the accountant who queued them (none for the schedule)."""
        today = self._customer_zone_today(company)
        due = self._due_for_reminder(company, today)
        if not due:
            return self.browse()
        done_today = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", [partner.id for partner in due]),
                    ("company_id", "=", company.id),
                    ("reminder_date", "=", today),
                    ("state", "!=", "failed"),
                ]
            )
            .partner_id
        )
        vals_list = [
            self._queue_values(partner, company, today, invoices, level, user)
            for partner, (invoices, level) in due.items()
            if partner not in done_today
        ]
        if not vals_list:
            return self.browse()
        try:
            with self.env.cr.savepoint():
                reminders = self.sudo().create(vals_list)
        except UniqueViolation:
            # another run queued them meanwhile: theirs stand
            _logger.info("Overdue reminders of %s already queued", company.name)
            return self.browse()
        if reminders.filtered(lambda r: r.state == "queued"):
            self.env.ref("customer_zone.ir_cron_send_overdue_reminders")._trigger()
        return reminders.sudo(False)

    @api.model
    def _queue_values(self, partner, company, today, invoices, level, user=None):
        """The row of one customer's reminder: queued, or skipped with why
        when it has no email address to send it to."""
        recipient = self._recipient(partner)
        values = {
            "partner_id": partner.id,
            "recipient_id": recipient.id,
            "company_id": company.id,
            "reminder_date": today,
            "level": level,
            "stage": self._stage_of(level, company),
            "invoice_ids": [fields.Command.set(invoices.ids)],
            "invoice_count": len(invoices),
            "amount": sum(invoices.mapped("amount_residual_signed")),
            "user_id": user.id if user else False,
        }
        if not recipient:
            values.update(
                state="skipped",
                error=self.env._("Skipped: no email address on the customer."),
            )
        return values

    # ------------------------------------------------------------------
    # the sending cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_overdue_reminders(self, batch_size=CRON_BATCH):
        """Send the queued reminders, ``batch_size`` a run: each batch is
        committed, and the cron triggers itself again while rows remain."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        Reminder = self.sudo()
        cron = self.env.ref("customer_zone.ir_cron_send_overdue_reminders")
        while batch := Reminder.search(
            [("state", "=", "queued")], order="id", limit=batch_size
        ):
            batch._send()
            remaining = Reminder.search_count([("state", "=", "queued")])
            if not in_cron:
                # called by hand (or a test): one batch, one transaction
                if remaining:
                    cron._trigger()
                return
            if not self.env["ir.cron"]._commit_progress(
                len(batch), remaining=remaining
            ):
                cron._trigger()
                return

    def _skip_reason(self):
        """Why this queued reminder must not go out now, or ``""``: what
        changed since it was queued (opted out, zone or reminders switched
        off, email removed, the contact moved to another customer, invoices
        paid or moved)."""
        self.ensure_one()
        partner, company = self.partner_id, self.company_id
        if partner.customer_zone_reminder_opt_out:
            return self.env._("Skipped: the customer opted out of reminders.")
        if not company.customer_zone_reminders:
            return self.env._("Skipped: reminders are switched off.")
        if not partner._customer_zone_state(company).shows("invoices"):
            return self.env._("Skipped: the customer's zone is off.")
        if not self.recipient_id.email_normalized:
            return self.env._("Skipped: no email address on the customer.")
        if self.recipient_id.commercial_partner_id != partner:
            return self.env._(
                "Skipped: the recipient is no longer a contact of the customer."
            )
        if not self._open_invoices():
            return self.env._(
                "Skipped: the invoices were paid meanwhile, or are no longer "
                "overdue invoices of this customer."
            )
        return ""

    def _refresh_recipient(self):
        """Work out the recipient again at sending: the invoice contact of
        the queue may have left the customer, or lost its email, since."""
        self.ensure_one()
        recipient = self._recipient(self.partner_id)
        if recipient != self.recipient_id:
            self.recipient_id = recipient

    def _open_invoices(self):
        """The invoices of this reminder that may still be reminded of: of
        its customer and company still (an invoice re-issued to another
        customer is not this customer's to see), posted, open and overdue
        today."""
        self.ensure_one()
        partner, company = self.partner_id, self.company_id
        today = self._customer_zone_today(company)
        return self.invoice_ids.filtered(
            lambda move: move.commercial_partner_id == partner
            and move.company_id == company
            and move.move_type in INVOICE_MOVE_TYPES
            and move.state == "posted"
            and move.payment_state in ("not_paid", "partial")
            and move.amount_residual > 0
            and move.invoice_date_due
            and move.invoice_date_due < today
        )

    def _send(self):
        """Send each row; one that fails, whatever the error, is marked
        failed with it and the others go on."""
        for reminder in self:
            reminder._refresh_recipient()
            reason = reminder._skip_reason()
            if reason:
                reminder.write({"state": "skipped", "error": reason})
                continue
            try:
                with self.env.cr.savepoint():
                    reminder._send_one()
            except Exception as error:  # noqa: BLE001
                _logger.exception("Overdue reminder %s failed", reminder.id)
                reminder.write({"state": "failed", "error": str(error)[:2000]})

    def _send_one(self):
        """Email the reminder to the recipient through the mail queue, with
        the identity of the reminder's company (layout, From, mail server,
        bounce address), and log it on the customer without its links."""
        self.ensure_one()
        company, invoices = self.company_id, self._open_invoices()
        reminder = self.with_company(company)
        mail = reminder._queue_mail()
        note = reminder._log_on_customer(invoices)
        self.write(
            {
                "state": "sent",
                "sent_on": fields.Datetime.now(),
                "mail_message_id": note.id,
                "invoice_ids": [fields.Command.set(invoices.ids)],
                "invoice_count": len(invoices),
                "amount": sum(invoices.mapped("amount_residual_signed")),
                "error": False,
            }
        )
        return mail

    def _author(self):
        """Who the reminder is from: the accountant who queued it, else the
        company."""
        self.ensure_one()
        return self.user_id.partner_id or self.company_id.partner_id

    def _queue_mail(self):
        """The email, a ``mail.mail`` of this reminder deleted once sent.

        Not a message on the customer: its links carry tokens, and the
        customer's chatter is read by any employee of any company. The mail
        and its message belong to the reminder, which only the company's
        accountants read; the template's ``use_default_to`` is off, so it
        goes to the recipient only. Replies go to the company's address."""
        self.ensure_one()
        company, recipient = self.company_id, self.recipient_id
        template = self.env.ref("customer_zone.mail_template_overdue_reminder")
        # the template's links are minted while sending only (a preview of
        # the template in the backend issues none)
        template = template.with_company(company).with_context(
            customer_zone_reminder_sending=True
        )
        subject = template._render_field("subject", self.ids, compute_lang=True)[
            self.id
        ]
        body = template._render_field(
            "body_html",
            self.ids,
            compute_lang=True,
            options={"post_process": True},
        )[self.id]
        lang = recipient.lang or self.partner_id.lang or self.env.lang
        layout = template.with_context(lang=lang)
        body_html = layout._render_encapsulate(
            "mail.mail_notification_light",
            body,
            add_context={
                "company": company,
                "model_description": layout.env._("overdue invoices"),
            },
            context_record=self.with_context(lang=lang),
        )
        author = self._author()
        email_from = company.email_formatted or author.email_formatted
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": subject,
                    "body": body,
                    "body_html": body_html,
                    "email_from": email_from,
                    "reply_to": email_from,
                    "author_id": author.id,
                    "recipient_ids": [fields.Command.link(recipient.id)],
                    "model": self._name,
                    "res_id": self.id,
                    "message_type": "email_outgoing",
                    "auto_delete": True,
                    "record_company_id": company.id,
                    "record_alias_domain_id": company.alias_domain_id.id,
                }
            )
        )

    def _log_on_customer(self, invoices):
        """A note on the customer's chatter saying a reminder went out: its
        level, to whom, which invoices and how much; no link (the links of
        the email open the invoices without logging in)."""
        self.ensure_one()
        level = dict(self._fields["stage"]._description_selection(self.env))[self.stage]
        recipient = self.recipient_id
        text = self.env._(
            "%(level)s overdue reminder (no. %(number)s) emailed to "
            "%(recipient)s: %(invoices)s. Total left to pay: %(total)s.",
            level=level,
            number=self.level or 1,
            recipient=f"{recipient.name} <{recipient.email_normalized}>",
            invoices=", ".join(
                f"{invoice.name} ({amount})"
                for invoice, amount in self._formatted_residuals(invoices)
            ),
            total=", ".join(self._customer_zone_totals()),
        )
        return (
            self.partner_id.sudo()
            .with_context(mail_post_autofollow=False)
            ._message_log(body=Markup("<p>%s</p>") % text, author_id=self._author().id)
        )

    def _formatted_residuals(self, invoices):
        """``(invoice, amount left formatted)`` of ``invoices`` by due date,
        for the note on the customer."""
        return [
            (
                invoice,
                format_amount(self.env, invoice.amount_residual, invoice.currency_id),
            )
            for invoice in invoices.sorted("invoice_date_due")
        ]

    # ------------------------------------------------------------------
    # what the email shows (called by its template)
    # ------------------------------------------------------------------
    def _customer_zone_links_on(self):
        """Whether the email may carry links that open documents without
        logging in (the company's off switch)."""
        self.ensure_one()
        return bool(self.company_id.customer_zone_document_links)

    def _customer_zone_reminder_lines(self):
        """One dict per open invoice of the reminder, for the email: number,
        due date, days overdue, amount left, whether it is payable online,
        and its link (with its token, through the link mixin so that expiry,
        revocation and the off switch apply) while sending only."""
        self.ensure_one()
        today = self.reminder_date or self._customer_zone_today(self.company_id)
        lang = self.recipient_id.lang or self.partner_id.lang
        mint = self.env.context.get("customer_zone_reminder_sending") and (
            self._customer_zone_links_on()
        )
        lines = []
        for invoice in self._open_invoices().sorted("invoice_date_due"):
            url = ""
            if mint:
                # as any email of the zone: a link valid for the days Settings
                # give from this email on (renewed, never one about to expire)
                invoice.sudo()._customer_zone_renew_link_for_email()
                url = invoice.get_base_url() + invoice.sudo().get_portal_url()
            lines.append(
                {
                    "name": invoice.name,
                    "url": url,
                    "due": format_date(self.env, invoice.invoice_date_due, lang),
                    "days": (today - invoice.invoice_date_due).days,
                    "amount": format_amount(
                        self.env, invoice.amount_residual, invoice.currency_id, lang
                    ),
                    "payable": invoice.customer_zone_allow_online_payment,
                }
            )
        return lines

    def _customer_zone_totals(self):
        """What the open invoices of the reminder leave to pay, one
        formatted amount per currency."""
        self.ensure_one()
        lang = self.recipient_id.lang or self.partner_id.lang
        totals = defaultdict(float)
        for invoice in self._open_invoices():
            totals[invoice.currency_id] += invoice.amount_residual
        return [
            format_amount(self.env, amount, currency, lang)
            for currency, amount in totals.items()
        ]

    def _customer_zone_zone_url(self):
        """Where the customer sees all it owes (and pays, with online
        payment): its outstanding items, or its invoices in a zone that
        shows invoices only. Behind a login: no token."""
        self.ensure_one()
        state = self.partner_id._customer_zone_state(self.company_id)
        page = "/my/outstanding" if state.shows("outstanding") else "/my/invoices"
        return f"{self.company_id.get_base_url()}{page}"

    def _customer_zone_login_url(self):
        """The login page, leading to the zone's page once logged in: the
        only link of the email when links are switched off."""
        self.ensure_one()
        page = self._customer_zone_zone_url()
        base = self.company_id.get_base_url()
        return f"{base}/web/login?redirect={quote(page[len(base) :], safe='')}"

    def _customer_zone_pays_online(self):
        """Whether the zone offers online payment of the open invoices
        (the payment bridge adds the "pay" page)."""
        self.ensure_one()
        state = self.partner_id._customer_zone_state(self.company_id)
        return state.shows("pay") and any(
            self._open_invoices().mapped("customer_zone_allow_online_payment")
        )
