"""A statement PDF rendered in the background.

A statement of thousands of lines takes wkhtmltopdf longer than a request
should wait, so the portal route records a job instead and answers at once;
a cron (triggered on create) renders the PDF into an attachment and emails
the customer a link to it. Portal users get no access to the model: the
routes decide ownership and read it in sudo.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..const import STATEMENT_JOB_KEEP_DAYS

_logger = logging.getLogger(__name__)

# jobs the cron renders before committing (each is one long wkhtmltopdf run)
CRON_BATCH = 1
# an arbitrary key for the advisory lock that serialises job requests
JOB_LOCK_KEY = 0x435A534A  # "CZSJ"


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
        [("pending", "Being prepared"), ("done", "Ready"), ("failed", "Failed")],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="set null")
    done_on = fields.Datetime(readonly=True)

    _lookup_idx = models.Index("(partner_id, company_id, date_from, date_to, state)")

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
    def _request(self, partner, company, date_from, date_to, line_count):
        """The pending job of this customer and period, or a new one (and the
        cron triggered): asking twice does not render twice. An advisory lock
        serialises two requests of the same customer, so that they cannot
        both miss the pending job and both create one."""
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(%s, %s)", JOB_LOCK_KEY, partner.id)
        )
        job = self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
                ("state", "=", "pending"),
            ],
            limit=1,
        )
        if job:
            return job
        job = self.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "user_id": self.env.uid,
                "date_from": date_from,
                "date_to": date_to,
                "line_count": line_count,
            }
        )
        self.env.ref("customer_zone.ir_cron_render_statement_jobs")._trigger()
        return job

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
        # each job rendered leaves "pending" (done or failed): the loop ends
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
        for job in self:
            try:
                with self.env.cr.savepoint():
                    job._render_one()
            except UserError as error:
                # wkhtmltopdf failed: say so to the customer on the job page
                _logger.warning("Statement job %s failed: %s", job.id, error)
                job.state = "failed"
                continue
            job._notify()

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
