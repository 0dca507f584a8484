"""The statement of account as a PDF.

A statement of up to STATEMENT_PDF_REQUEST_LINES lines is rendered in the
request. A longer one would keep wkhtmltopdf busy for a minute, so it becomes
a ``customer.zone.statement.job``, rendered by a cron that emails the customer
a link to ``/my/statement/pdf/<job>``, which serves the file to that
customer's zone only. A GET (a link, which another site can make the browser
follow) never starts a job: it serves a file still kept, or offers a form
whose POST (CSRF-checked) asks for the job.
"""

from odoo import fields, http
from odoo.http import request

from ..const import STATEMENT_PDF_REQUEST_LINES
from ..tools import request_input
from .portal import readonly_on_get
from .statement import CustomerZoneStatementPortal


class CustomerZoneStatementPdf(CustomerZoneStatementPortal):
    @http.route(
        "/my/statement/pdf",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        readonly=readonly_on_get,
    )
    def portal_my_statement_pdf(self, date_from=None, date_to=None, **kw):
        zone = self._customer_zone_require("statement")
        # the PDF has no room for messages: a bad period gives the page's
        # default, as the page itself would show it
        start, end = self._customer_zone_statement_period(date_from, date_to, [])
        # sudo: the user's own commercial partner, decided by the gate above
        Job = request.env["customer.zone.statement.job"].sudo()
        count = Job._count_statement_lines(zone.partner, zone.company, start, end)
        if count <= STATEMENT_PDF_REQUEST_LINES:
            pdf = self._customer_zone_statement_pdf(zone, start, end)
            self._customer_zone_note_statement_view(start, end, kind="pdf")
            return self._customer_zone_pdf_response(pdf, f"Statement-{start}-{end}.pdf")
        ready = Job._find_ready(zone.partner, zone.company, start, end)
        if ready:
            # rendered already and still kept: the same file, no new render
            self._customer_zone_note_statement_view(start, end, kind="pdf")
            return self._customer_zone_pdf_response(
                ready.attachment_id.raw, ready._filename()
            )
        if request.httprequest.method != "POST":
            pending = Job._find_pending(zone.partner, zone.company)
            return self._customer_zone_statement_ask_page(start, end, count, pending)
        job, message = Job._request(zone.partner, zone.company, start, end, count)
        if not job:
            return self._customer_zone_statement_ask_page(
                start, end, count, Job, message=message
            )
        # the job's page, where a reload asks nothing again
        return request.redirect(job._get_portal_url())

    @http.route(
        "/my/statement/pdf/<int:job_id>",
        type="http",
        auth="user",
        website=True,
        # read/write: the request's POST redirects here at once, and a
        # replica may not have the new job yet (a 404 for a job just asked)
        readonly=False,
    )
    def portal_my_statement_job(self, job_id, **kw):
        """The file of a job, or where it stands; 404 unless the job is one
        of this customer's, in this company."""
        zone = self._customer_zone_require("statement")
        job = self._customer_zone_statement_job(zone, job_id)
        if job.state == "done" and job.attachment_id:
            self._customer_zone_note_statement_view(
                job.date_from, job.date_to, kind="pdf"
            )
            return self._customer_zone_pdf_response(
                job.attachment_id.raw, job._filename()
            )
        return self._customer_zone_statement_job_page(job)

    def _customer_zone_statement_job(self, zone, job_id):
        job_id = request_input.record_id(job_id)
        if not job_id:
            raise request.not_found()
        # sudo: portal users have no access to jobs; the domain is the
        # ownership check (the zone's partner and company, never the request's)
        job = (
            request.env["customer.zone.statement.job"]
            .sudo()
            .search(
                [
                    ("id", "=", job_id),
                    ("partner_id", "=", zone.partner.id),
                    ("company_id", "=", zone.company.id),
                ],
                limit=1,
            )
        )
        if not job:
            raise request.not_found()
        return job

    def _customer_zone_statement_ask_page(self, start, end, count, pending, message=""):
        """A long statement: the form that asks for its PDF, or the job of
        this customer being prepared (one at a time), or why not."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "statement",
                "date_from": start,
                "date_to": end,
                "line_count": count,
                "pending": pending,
                "message": message,
            }
        )
        return request.render("customer_zone.portal_my_statement_job_ask", values)

    def _customer_zone_statement_job_page(self, job):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "statement", "job": job})
        return request.render("customer_zone.portal_my_statement_job", values)

    def _customer_zone_statement_pdf(self, zone, start, end):
        # sudo: rendering the statement of the user's own partner, decided by
        # the caller, in the zone's company only
        pdf, _report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(allowed_company_ids=zone.company.ids)
            ._render_qweb_pdf(
                "customer_zone.action_report_statement",
                zone.partner.ids,
                data={
                    "date_from": fields.Date.to_string(start),
                    "date_to": fields.Date.to_string(end),
                },
            )
        )
        return pdf

    def _customer_zone_pdf_response(self, pdf, filename):
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
