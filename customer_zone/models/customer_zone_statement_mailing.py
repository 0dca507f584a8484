"""A statement of account sent by email: the queue and its log.

The accountant's wizard (on request, one customer or a whole list) and the
monthly cron only create rows; a cron (triggered on create) renders each
statement PDF and posts it on the customer with the mail queue, a batch per
run, so no request waits for wkhtmltopdf or the mail server. Each row stays
as the log of what was sent to whom, for which period, by whom.

Two partial unique indexes keep the queue honest whatever two requests or
cron runs do at once:

* one *queued* row per customer, company and period: a double click, or a
  wizard run while the previous one is still in the queue, sends nothing
  twice;
* one *monthly* row per customer, company and period that is queued or sent:
  the monthly statement goes out once per period even when the cron is run
  again. A failed or skipped one may be queued again (the error is fixed, an
  email address added), and an accountant may always send a statement again
  on request (a deliberate act, logged as its own row).
"""

import logging

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

# statements rendered and posted per cron run (each is a wkhtmltopdf run)
CRON_BATCH = 20
# the customers the monthly cron reads at once
MONTHLY_CHUNK = 1000


class CustomerZoneStatementMailing(models.Model):
    _name = "customer.zone.statement.mailing"
    _description = "Customer Zone: statement sent by email"
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
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    period = fields.Char(
        compute="_compute_period",
        store=True,
        help="The statement's period, to group the log by.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        readonly=True,
        ondelete="set null",
        help="Empty for the monthly statements the schedule sends.",
    )
    origin = fields.Selection(
        [("request", "On request"), ("monthly", "Monthly")],
        required=True,
        default="request",
        readonly=True,
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
        help="The message posted on the customer, with the PDF.",
    )
    error = fields.Text(readonly=True, help="Why it failed or was skipped.")

    _queued_uniq = models.UniqueIndex(
        "(partner_id, company_id, date_from, date_to) WHERE state = 'queued'",
        "This customer's statement of this period is already queued.",
    )
    _monthly_uniq = models.UniqueIndex(
        "(partner_id, company_id, date_from, date_to)"
        " WHERE origin = 'monthly' AND state IN ('queued', 'sent')",
        "This customer's monthly statement of this period was already sent.",
    )
    _period_check = models.Constraint(
        "CHECK(date_from <= date_to)",
        "A statement's period starts before it ends.",
    )

    @api.depends("date_from", "date_to")
    def _compute_period(self):
        for mailing in self:
            mailing.period = (
                f"{mailing.date_from} – {mailing.date_to}"
                if mailing.date_from and mailing.date_to
                else False
            )

    # ------------------------------------------------------------------
    # queueing
    # ------------------------------------------------------------------
    @api.model
    def _skip_reason(self, partner, company):
        """Why ``partner`` cannot be emailed its statement, or ``""``."""
        if not partner.email:
            return self.env._("No email address on the customer.")
        if not partner.email_normalized:
            return self.env._("The customer's email address is not valid.")
        return ""

    @api.model
    def _queued_partners(self, partners, company, date_from, date_to):
        """The partners of ``partners`` whose statement of this period is
        already in the queue (one query)."""
        return (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                    ("state", "=", "queued"),
                ]
            )
            .partner_id
        )

    @api.model
    def _queue(self, vals_list):
        """Create the rows (in sudo: the log is written by the system only;
        the callers decided who may send) and wake the cron up. Returns the
        rows, or raises UniqueViolation if another transaction queued one of
        them meanwhile (the savepoint keeps this transaction usable)."""
        with self.env.cr.savepoint():
            mailings = self.sudo().create(vals_list)
        if mailings.filtered(lambda m: m.state == "queued"):
            self.env.ref("customer_zone.ir_cron_send_statement_mailings")._trigger()
        return mailings.sudo(False)

    # ------------------------------------------------------------------
    # the monthly schedule
    # ------------------------------------------------------------------
    @api.model
    def _last_month(self):
        """First and last day of the month before today's."""
        first = fields.Date.context_today(self) + relativedelta(day=1, months=-1)
        return first, first + relativedelta(day=31)

    @api.model
    def _cron_queue_monthly_statements(self):
        """Queue last month's statement of every customer who opted in, in
        each company whose zone is on: commercial partners with a valid
        email whose zone is enabled in that company, once per period."""
        date_from, date_to = self._last_month()
        # the companies whose zone is on: the others have no zone to link to
        companies = (
            self.env["res.company"].sudo().search([("customer_zone_mode", "!=", "off")])
        )
        for company in companies:
            self._queue_monthly(company, date_from, date_to)

    @api.model
    def _queue_monthly(self, company, date_from, date_to):
        partners = self._monthly_partners(company, date_to)
        already = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                    ("origin", "=", "monthly"),
                    ("state", "in", ("queued", "sent")),
                ]
            )
            .partner_id
        )
        partners -= already
        # requested meanwhile by an accountant, still in the queue: that one
        # is this period's statement
        partners -= self._queued_partners(partners, company, date_from, date_to)
        if not partners:
            return self
        try:
            return self._queue(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "origin": "monthly",
                    }
                    for partner in partners
                ]
            )
        except UniqueViolation:
            # another run queued them meanwhile: theirs stand
            _logger.info("Monthly statements of %s already queued", company.name)
            return self

    @api.model
    def _monthly_partners(self, company, date_to):
        """The commercial partners of ``company`` who get a monthly
        statement: opted in, a valid email, the zone enabled for them, and an
        account with the company (a posted receivable item by ``date_to``: a
        customer shared between companies hears from those it deals with)."""
        domain = (
            Domain("customer_zone_statement_monthly", "=", True)
            & Domain("email_normalized", "!=", False)
            & Domain("company_id", "in", [company.id, False])
            & (Domain("is_company", "=", True) | Domain("parent_id", "=", False))
        )
        partners = self.env["res.partner"].sudo().with_company(company).search(domain)
        if not partners:
            return partners
        # one grouped query: the partners (contacts included) with an account
        with_account = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                Domain("partner_id", "child_of", partners.ids)
                & Domain("account_id.account_type", "=", "asset_receivable")
                & Domain("parent_state", "=", "posted")
                & Domain("company_id", "=", company.id)
                & Domain("date", "<=", date_to),
                ["partner_id"],
            )
        )
        customers = (
            self.env["res.partner"]
            .union(*(partner for (partner,) in with_account))
            .commercial_partner_id
        )
        return (partners & customers).filtered(
            lambda partner: partner._customer_zone_state(company).shows("statement")
        )

    # ------------------------------------------------------------------
    # the sending cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_statement_mailings(self, batch_size=CRON_BATCH):
        """Send the queued statements, ``batch_size`` a run: each batch is
        committed, and the cron triggers itself again while rows remain."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        Mailing = self.sudo()
        while batch := Mailing.search(
            [("state", "=", "queued")], order="id", limit=batch_size
        ):
            batch._send()
            remaining = Mailing.search_count([("state", "=", "queued")])
            if not in_cron:
                # called by hand (or a test): one batch, one transaction
                if remaining:
                    self.env.ref(
                        "customer_zone.ir_cron_send_statement_mailings"
                    )._trigger()
                return
            time_left = self.env["ir.cron"]._commit_progress(
                len(batch), remaining=remaining
            )
            if not time_left:
                self.env.ref("customer_zone.ir_cron_send_statement_mailings")._trigger()
                return

    def _send(self):
        """Send each row; one that fails, whatever the error, is marked
        failed with it and the others go on."""
        for mailing in self:
            reason = self._skip_reason(mailing.partner_id, mailing.company_id)
            if reason:
                mailing.write({"state": "skipped", "error": reason})
                continue
            try:
                with self.env.cr.savepoint():
                    mailing._send_one()
            except Exception as error:  # noqa: BLE001
                # anything (wkhtmltopdf, a template, the mail): the savepoint
                # dropped the file and the message; the log says why
                _logger.exception("Statement mailing %s failed", mailing.id)
                mailing.write({"state": "failed", "error": str(error)[:2000]})

    def _send_one(self):
        """Render the PDF and post it on the customer with the statement
        email (subject, body and zone link from the template), queued in the
        mail queue: the chatter of the customer logs the send."""
        self.ensure_one()
        partner = self.partner_id
        template = self.env.ref("customer_zone.mail_template_statement_mailing")
        subject = template._render_field("subject", self.ids, compute_lang=True)[
            self.id
        ]
        body = template._render_field(
            "body_html",
            self.ids,
            compute_lang=True,
            options={"post_process": True},
        )[self.id]
        author = self.user_id.partner_id or self.company_id.partner_id
        message = partner.with_context(
            mail_post_autofollow=False, lang=partner.lang
        ).message_post(
            subject=subject,
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner.ids,
            author_id=author.id,
            email_from=self.company_id.email_formatted or author.email_formatted,
            attachments=[(self._filename(), self._render_pdf())],
            email_layout_xmlid="mail.mail_notification_light",
            force_send=False,
        )
        self.write(
            {
                "state": "sent",
                "sent_on": fields.Datetime.now(),
                "mail_message_id": message.id,
                "error": False,
            }
        )

    def _render_pdf(self):
        """The statement PDF of this period, as the accountant prints it."""
        self.ensure_one()
        # sudo: the row was queued by an accountant or the schedule, who
        # decided; the report checks access only for non-superusers
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(
                allowed_company_ids=self.company_id.ids, lang=self.partner_id.lang
            )
            ._render_qweb_pdf(
                "customer_zone.action_report_statement",
                self.partner_id.ids,
                data={
                    "date_from": fields.Date.to_string(self.date_from),
                    "date_to": fields.Date.to_string(self.date_to),
                },
            )
        )
        return pdf

    def _filename(self):
        self.ensure_one()
        return f"Statement-{self.date_from}-{self.date_to}.pdf"

    def _zone_url(self):
        """The zone's statement page of this period, or ``""`` when the
        customer's zone does not show the statement in this company (the
        email then carries the PDF only: a link that leads nowhere helps
        no one)."""
        self.ensure_one()
        state = self.partner_id._customer_zone_state(self.company_id)
        if not state.shows("statement"):
            return ""
        return (
            f"{self.company_id.get_base_url()}/my/statement"
            f"?date_from={self.date_from}&date_to={self.date_to}"
        )
