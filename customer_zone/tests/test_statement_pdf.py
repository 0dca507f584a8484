import io
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..controllers import statement_pdf
from .common import CustomerZoneHttpCommon

# what a page of a statement or invoice PDF may weigh: with the fonts embedded
# a page is about 17 KB; drawn as outlines (the bug) it was 500 to 880 KB
MAX_BYTES_PER_PAGE = 50 * 1024
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdf_fonts(pdf):
    """``{font name: embedded?}`` of every font the pages use, and the
    number of pages."""
    reader = PdfFileReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for font in (font_dict.get_object() if font_dict else {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[str(font.get("/BaseFont"))] = any(
                key in descriptor for key in FONT_FILES
            )
    return fonts, len(reader.pages)


@tagged("post_install", "-at_install")
class TestStatementPdfFonts(CustomerZoneHttpCommon):
    """The real PDF (wkhtmltopdf, which fetches the report's CSS and fonts
    from the test server) carries its fonts as embedded fonts, not outlines,
    and stays small."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a statement of a few pages: invoices created and posted in bulk
        moves = (
            cls.env["account.move"]
            .with_company(cls.company)
            .create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": cls.alpha.id,
                        "invoice_date": f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}",
                        "currency_id": cls.currency.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": cls.product.id,
                                    "quantity": 1,
                                    "price_unit": 10 + day,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for day in range(60)
                ]
            )
        )
        moves.action_post()
        cls.invoice = moves[0]

    def setUp(self):
        super().setUp()
        if _wkhtml().state != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        # wkhtmltopdf fetches the assets from this test's server
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())

    def _render(self, report, res_ids, data=None):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, res_ids, data=data)
        )
        self.assertEqual(report_type, "pdf")
        return pdf

    def _assert_fonts_embedded_and_small(self, pdf):
        fonts, pages = pdf_fonts(pdf)
        self.assertTrue(fonts, "no font at all: the text is drawn as outlines")
        self.assertEqual([name for name, embedded in fonts.items() if not embedded], [])
        self.assertLess(len(pdf) / pages, MAX_BYTES_PER_PAGE, f"{pages} pages")
        return fonts, pages

    def test_statement_pdf_embeds_its_fonts(self):
        pdf = self._render(
            "customer_zone.action_report_statement",
            self.alpha.ids,
            data={"date_from": "2026-01-01", "date_to": "2026-12-31"},
        )
        fonts, pages = self._assert_fonts_embedded_and_small(pdf)
        self.assertGreater(pages, 1)
        # the report's own font, from the system (setup/lib.sh installs it)
        self.assertTrue(any("Lato" in name for name in fonts), fonts)

    def test_invoice_pdf_embeds_its_fonts(self):
        pdf = self._render("account.account_invoices", self.invoice.ids)
        self._assert_fonts_embedded_and_small(pdf)


@tagged("post_install", "-at_install")
class TestStatementPdfInBackground(CustomerZoneHttpCommon):
    """A statement longer than STATEMENT_PDF_REQUEST_LINES is a job: a page at
    once, a cron that renders it and emails a link, a link for its owner."""

    # the tests lower the bound rather than build thousands of lines
    REQUEST_LINES = 3
    PERIOD = "date_from=2026-01-01&date_to=2026-12-31"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for day in range(1, 6):
            cls._invoice(cls.alpha, 100 * day, f"2026-02-{day:02d}")
        cls._invoice(cls.beta, 70, "2026-02-01")
        cls.Job = cls.env["customer.zone.statement.job"]
        cls.cron = cls.env.ref("customer_zone.ir_cron_render_statement_jobs")

    def setUp(self):
        super().setUp()
        patcher = patch.object(
            statement_pdf, "STATEMENT_PDF_REQUEST_LINES", self.REQUEST_LINES
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _ask(self, login="cz_alpha", query=PERIOD):
        self.authenticate(login, login)
        return self._get(f"/my/statement/pdf?{query}")

    def _alpha_job(self):
        self._ask()
        return self.Job.search([("partner_id", "=", self.alpha.id)])

    def test_lines_are_counted_in_one_query(self):
        def count(date_from):
            return self.Job._count_statement_lines(
                self.alpha,
                self.company,
                self._date(date_from),
                self._date("2026-12-31"),
            )

        count("2026-01-01")  # warm-up: the company context's own reads
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.assertEqual(count("2026-01-01"), 5)
        with self.assertQueryCount(1):
            self.assertEqual(count("2026-02-03"), 3)

    def test_a_long_statement_becomes_a_job_and_a_page(self):
        triggers = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        response = self._ask()
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])
        self.assertIn("being prepared", response.text)
        job = self.Job.search([("partner_id", "=", self.alpha.id)])
        self.assertRecordValues(
            job,
            [
                {
                    "state": "pending",
                    "company_id": self.company.id,
                    "user_id": self.user_alpha.id,
                    "line_count": 5,
                    "date_from": self._date("2026-01-01"),
                    "date_to": self._date("2026-12-31"),
                }
            ],
        )
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
        )
        # asking again, or as the customer's other user, waits for that job
        self.assertIn("being prepared", self._ask().text)
        self._ask("cz_alpha_buyer")
        self.assertEqual(self.Job.search_count([("partner_id", "=", self.alpha.id)]), 1)
        # another period is another job
        self._ask(query="date_from=2026-02-01&date_to=2026-12-31")
        self.assertEqual(self.Job.search_count([("partner_id", "=", self.alpha.id)]), 2)

    def test_a_short_statement_is_rendered_in_the_request(self):
        # Beta's one line is under the bound: the file itself, no job
        response = self._ask("cz_beta")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn(
            "Statement-2026-01-01-2026-12-31.pdf",
            response.headers["Content-Disposition"],
        )
        self.assertFalse(self.Job.search([("partner_id", "=", self.beta.id)]))

    def test_the_cron_renders_and_emails_a_link(self):
        job = self._alpha_job()
        self.Job._cron_render_statement_jobs()
        self.assertEqual(job.state, "done")
        self.assertTrue(job.done_on)
        self.assertEqual(job.attachment_id.res_model, job._name)
        # Odoo's test mode renders the report as HTML: the statement's lines
        content = job.attachment_id.raw.decode()
        self.assertIn("Statement of account", content)
        self.assertIn("Alpha Zone Test Co", content)
        mail = self.env["mail.mail"].search(
            [("model", "=", job._name), ("res_id", "=", job.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.user_alpha.partner_id)
        self.assertIn(f"/my/statement/pdf/{job.id}", mail.body_html)
        # nothing left to do: a second run renders and sends nothing more
        self.Job._cron_render_statement_jobs()
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", job._name), ("res_id", "=", job.id)]
            ),
            1,
        )

    def test_the_link_serves_the_owner_only(self):
        job = self._alpha_job()
        url = f"/my/statement/pdf/{job.id}"
        # before the cron: where it stands
        self.assertIn("being prepared", self._get(url).text)
        self.Job._cron_render_statement_jobs()
        for login in ("cz_alpha", "cz_alpha_buyer"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
                self.assertEqual(response.content, job.attachment_id.raw)
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._get(url).status_code, 404)
        self.authenticate(None, None)
        self._assert_redirect(self._get(url), "/web/login")

    def test_wrong_ids_are_not_found(self):
        job = self._alpha_job()
        self.authenticate("cz_alpha", "cz_alpha")
        for job_id in (0, job.id + 1000, 2**31, 10**20):
            with self.subTest(job_id=job_id):
                self.assertEqual(
                    self._get(f"/my/statement/pdf/{job_id}").status_code, 404
                )
        # (a NUL byte in an unknown path gets core's 500 from its attachment
        # fallback, for any URL: not this route's)
        for path in ("-1", "abc", "1.5", "1/2"):
            with self.subTest(path=path):
                self.assertEqual(
                    self._get(f"/my/statement/pdf/{path}").status_code, 404
                )

    def test_a_zone_without_the_statement_hides_the_job(self):
        job = self._alpha_job()
        self.Job._cron_render_statement_jobs()
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get(f"/my/statement/pdf/{job.id}").status_code, 404)
        self.assertEqual(self._get(f"/my/statement/pdf?{self.PERIOD}").status_code, 404)
        self.assertEqual(job.state, "done")

    def test_a_failed_job_says_so_and_can_be_asked_again(self):
        job = self._alpha_job()
        job.state = "failed"
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get(f"/my/statement/pdf/{job.id}").text
        self.assertIn("could not be prepared", page)
        self._ask()
        self.assertEqual(
            self.Job.search([("partner_id", "=", self.alpha.id)]).mapped("state"),
            ["pending", "failed"],
        )

    def test_bad_input_never_fails(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for query in ("date_from=x&date_to=y", "date_from=%00", "date_to=9999-99-99"):
            with self.subTest(query=query):
                self.assertEqual(
                    self._get(f"/my/statement/pdf?{query}").status_code, 200
                )

    def test_old_jobs_and_their_files_are_cleaned(self):
        job = self._alpha_job()
        self.Job._cron_render_statement_jobs()
        attachment = job.attachment_id
        recent = self.Job.sudo().create(
            {
                "partner_id": self.beta.id,
                "company_id": self.company.id,
                "user_id": self.user_beta.id,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            }
        )
        self.env.flush_all()
        # the database's clock, not the test's: the job is ten days old
        self.env.cr.execute(
            "UPDATE customer_zone_statement_job"
            " SET create_date = create_date - interval '10 days' WHERE id = %s",
            [job.id],
        )
        self.env.invalidate_all()
        self.Job._gc_statement_jobs()
        self.assertFalse(job.exists())
        self.assertFalse(attachment.exists())
        self.assertTrue(recent.exists())
