"""A statement PDF rendered in the background.

A statement of thousands of lines takes wkhtmltopdf longer than a request
should wait, so the portal route records a job instead and answers at once;
a cron (triggered on create) renders the PDF into an attachment and emails
the customer a link to it. Portal users get no access to the model: the
routes decide ownership and read it in sudo.

Each job is a long render and an email, so a customer has at most one job
pending (a unique index says so, whatever two requests do at once), a file
still kept is served again rather than rendered again, and a customer gets
at most STATEMENT_JOBS_PER_DAY jobs a day.
"""

import logging
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.tools import SQL

from ..const import STATEMENT_JOB_KEEP_DAYS, STATEMENT_JOBS_PER_DAY

_logger = logging.getLogger(__name__)

# jobs the cron renders before committing (each is one long wkhtmltopdf run)
CRON_BATCH = 1


class CustomerZoneStatementJob(models.Model):
    _name = "customer.zone.statement.job"
    _description = "Customer Zone: statement PDF rendered in the background"
    _order = "create_date desc, id desc"
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
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    line_count = fields.Integer(readonly=True)
    state = fields.Selection(
        [
            ("pending", "Being prepared"),
            ("done", "Ready"),
            ("failed", "Failed"),
            # the customer lost the statement (or the user its access)
            # between the request and the render: nothing rendered or sent
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="set null")
    done_on = fields.Datetime(readonly=True)

    _lookup_idx = models.Index("(partner_id, company_id, date_from, date_to, state)")
    # one pending job per customer and company: the database decides, since
    # under REPEATABLE READ a request does not see the job another request
    # committed after its own snapshot, lock or no lock
    _one_pending_uniq = models.UniqueIndex(
        "(partner_id, company_id) WHERE state = 'pending'",
        "This customer's statement is already being prepared.",
    )

    # ------------------------------------------------------------------
    # the request
    # ------------------------------------------------------------------
    @api.model
    def _count_statement_lines(self, partner, company, date_from, date_to):
        """The number of lines of the statement, in one SQL count (the
        statement itself is not built)."""
        Statement = self.env["customer.zone.statement"].with_context(
            allowed_company_ids=company.ids
        )
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FROM (%(lines)s) lines"
                " WHERE lines.date >= %(date_from)s",
                lines=Statement._receivable_lines_sql(partner, date_to),
                date_from=date_from,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _find_ready(self, partner, company, date_from, date_to):
        """The rendered job of this customer and period whose file is still
        kept: served again instead of rendered again."""
        kept_since = fields.Datetime.now() - timedelta(days=STATEMENT_JOB_KEEP_DAYS)
        return self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
                ("state", "=", "done"),
                ("attachment_id", "!=", False),
                ("create_date", ">=", kept_since),
            ],
            limit=1,
        )

    @api.model
    def _find_pending(self, partner, company):
        """The job of this customer being prepared, whatever its period
        (there is at most one)."""
        return self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "=", "pending"),
            ],
            limit=1,
        )

    @api.model
    def _jobs_today(self, partner, company):
        since = fields.Datetime.now() - timedelta(days=1)
        return self.search_count(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("create_date", ">=", since),
            ]
        )

    @api.model
    def _request(self, partner, company, date_from, date_to, line_count):
        """``(job, message)``: the ready job of this period, or the pending
        job of this customer, or a new one (and the cron triggered); or no
        job and why, for the customer."""
        job = self._find_ready(partner, company, date_from, date_to)
        job = job or self._find_pending(partner, company)
        if job:
            return job, ""
        if self._jobs_today(partner, company) >= STATEMENT_JOBS_PER_DAY:
            return self, self.env._(
                "You have asked for many statements today. Please try again"
                " tomorrow, or contact us."
            )
        vals = {
            "partner_id": partner.id,
            "company_id": company.id,
            "user_id": self.env.uid,
            "date_from": date_from,
            "date_to": date_to,
            "line_count": line_count,
        }
        try:
            # another request's job, committed after this transaction's
            # snapshot, is invisible to the search above but not to the
            # unique index; the savepoint keeps the transaction usable (the
            # cursor logs the refused INSERT: rare, and worth seeing)
            with self.env.cr.savepoint():
                job = self.create(vals)
        except UniqueViolation:
            return self, self.env._(
                "Your statement is already being prepared: you will get an"
                " email with a link as soon as it is ready."
            )
        self.env.ref("customer_zone.ir_cron_render_statement_jobs")._trigger()
        return job, ""

    def _filename(self):
        self.ensure_one()
        return f"Statement-{self.date_from}-{self.date_to}.pdf"

    # ------------------------------------------------------------------
    # the cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_render_statement_jobs(self):
        """Render pending jobs one by one, committing after each, so that a
        job that fails does not undo the others."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        # each job rendered leaves "pending" (done, failed or cancelled): the
        # loop ends
        while pending := self.search(
            [("state", "=", "pending")], order="id", limit=CRON_BATCH
        ):
            pending._render()
            if not in_cron:
                continue  # called by hand (or a test): one transaction
            remaining = self.search_count([("state", "=", "pending")])
            if not self.env["ir.cron"]._commit_progress(
                len(pending), remaining=remaining
            ):
                break

    def _render(self):
        """Render and email each job, unless its customer or user lost the
        statement since the request. A job that fails, whatever the error,
        is marked failed and the others go on: the queue never sticks."""
        for job in self:
            if not job._still_allowed():
                _logger.info("Statement job %s cancelled: access lost", job.id)
                job.state = "cancelled"
                continue
            try:
                with self.env.cr.savepoint():
                    job._render_one()
                    job._notify()
            except Exception:
                # anything (wkhtmltopdf, a template, the mail): the savepoint
                # dropped the file and the mail; the job page says it failed
                _logger.exception("Statement job %s failed", job.id)
                job.state = "failed"

    def _still_allowed(self):
        """Whether the user who asked may still read this statement: active,
        a portal user of this customer in this company, whose zone still
        shows the statement."""
        self.ensure_one()
        user = self.user_id.sudo()
        return bool(
            user.active
            and user._is_portal()
            and user.partner_id.commercial_partner_id == self.partner_id
            and self.company_id in user.company_ids
            and self.partner_id._customer_zone_state(self.company_id).shows("statement")
        )

    def _render_one(self):
        self.ensure_one()
        # sudo: the customer's own statement; the route that created the job
        # decided the access, as /my/statement/pdf does
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(
                allowed_company_ids=self.company_id.ids, lang=self.user_id.lang
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
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._filename(),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.write(
            {
                "state": "done",
                "attachment_id": attachment.id,
                "done_on": fields.Datetime.now(),
            }
        )

    def _notify(self):
        """Email the customer who asked a link to the file (queued, sent by
        the mail cron)."""
        self.ensure_one()
        template = self.env.ref("customer_zone.mail_template_statement_job_ready")
        template.sudo().with_context(lang=self.user_id.lang).send_mail(self.id)

    def _get_portal_url(self):
        self.ensure_one()
        return f"/my/statement/pdf/{self.id}"

    # ------------------------------------------------------------------
    # cleaning
    # ------------------------------------------------------------------
    @api.autovacuum
    def _gc_statement_jobs(self):
        """Jobs and their files older than STATEMENT_JOB_KEEP_DAYS go: the
        statement can be asked again, and the ledger may have moved since."""
        limit = fields.Datetime.now() - timedelta(days=STATEMENT_JOB_KEEP_DAYS)
        old = self.sudo().search([("create_date", "<", limit)])
        old.attachment_id.unlink()
        old.unlink()
