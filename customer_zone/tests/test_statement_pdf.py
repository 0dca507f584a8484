import io
from unittest.mock import patch

from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, Command, api, http, sql_db
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..const import STATEMENT_JOBS_PER_DAY
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
    """A statement longer than STATEMENT_PDF_REQUEST_LINES is a job: a link
    offers a form, its POST records the job, a cron renders it and emails a
    link, a link for its owner."""

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
        """A GET of the PDF link, as ``login``."""
        self.authenticate(login, login)
        return self._get(f"/my/statement/pdf?{query}")

    def _prepare(self, login="cz_alpha", period=("2026-01-01", "2026-12-31")):
        """The POST of the page's "Prepare the PDF" form, as ``login``."""
        self.authenticate(login, login)
        return self.url_open(
            "/my/statement/pdf",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "date_from": period[0],
                "date_to": period[1],
            },
            allow_redirects=False,
        )

    def _alpha_job(self):
        self._prepare()
        return self.Job.search([("partner_id", "=", self.alpha.id)])

    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )

    def _mails(self, jobs):
        return self.env["mail.mail"].search(
            [("model", "=", self.Job._name), ("res_id", "in", jobs.ids)]
        )

    def _job(self, partner, user, **values):
        """A job recorded directly (as the POST would)."""
        return self.Job.sudo().create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "user_id": user.id,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
                "line_count": 5,
                **values,
            }
        )

    def _age(self, jobs, days):
        """Make ``jobs`` ``days`` old, by the database's clock."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE customer_zone_statement_job"
            " SET create_date = create_date - make_interval(days => %s)"
            " WHERE id = ANY(%s)",
            [days, jobs.ids],
        )
        self.env.invalidate_all()

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

    def test_a_link_offers_a_form_and_starts_nothing(self):
        triggers = self._triggers()
        # a link followed any number of times, for any period (another site
        # can make the browser follow it): a page, no job, no render
        for day in range(1, 6):
            with self.subTest(day=day):
                response = self._ask(
                    query=f"date_from=2026-01-01&date_to=2026-12-2{day}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("Prepare the PDF", response.text)
                self.assertIn('method="post"', response.text)
                self.assertIn('name="csrf_token"', response.text)
        self.assertFalse(self.Job.search([("partner_id", "=", self.alpha.id)]))
        self.assertEqual(self._triggers(), triggers)
        # a POST from another site carries no valid token: refused, no job
        response = self.url_open(
            "/my/statement/pdf",
            data={"date_from": "2026-01-01", "date_to": "2026-12-31"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.Job.search([("partner_id", "=", self.alpha.id)]))

    def test_the_form_makes_a_job_and_its_page(self):
        triggers = self._triggers()
        response = self._prepare()
        job = self.Job.search([("partner_id", "=", self.alpha.id)])
        self._assert_redirect(response, f"/my/statement/pdf/{job.id}")
        self.assertIn("being prepared", self._get(f"/my/statement/pdf/{job.id}").text)
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
        self.assertEqual(self._triggers(), triggers + 1)
        # the link now says where the job stands, and offers no form
        page = self._ask().text
        self.assertIn("being prepared", page)
        self.assertNotIn("Prepare the PDF", page)

    def test_one_pending_job_per_customer(self):
        job = self._alpha_job()
        # asking again, as the customer's other user, or for another period,
        # waits for that job: one render at a time per customer
        for login, period in (
            ("cz_alpha", ("2026-01-01", "2026-12-31")),
            ("cz_alpha_buyer", ("2026-01-01", "2026-12-31")),
            ("cz_alpha", ("2026-02-01", "2026-12-31")),
        ):
            with self.subTest(login=login, period=period):
                self._assert_redirect(
                    self._prepare(login, period), f"/my/statement/pdf/{job.id}"
                )
        self.assertEqual(self.Job.search([("partner_id", "=", self.alpha.id)]), job)
        page = self._ask(query="date_from=2026-02-01&date_to=2026-12-31").text
        self.assertIn("One statement is prepared at a time", page)
        self.assertNotIn("Prepare the PDF", page)
        # another customer is not held up
        self.assertTrue(self._job(self.beta, self.user_beta))
        # the database refuses a second pending job of one customer
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            with self.env.cr.savepoint():
                self._job(self.alpha, self.user_alpha, date_from="2026-03-01")

    def test_a_request_that_misses_the_committed_job_makes_none(self):
        """Two requests at once, on two real connections: B's snapshot was
        taken before A committed its job, so B's search misses it; the unique
        index refuses B's job and B says the statement is on its way."""
        db = sql_db.db_connect(self.env.cr.dbname)
        with db.cursor() as cr_a:
            cr_a.execute("SELECT COALESCE(MAX(id), 0) FROM ir_cron_trigger")
            last_trigger = cr_a.fetchone()[0]
            # committed records of its own, since the test's are not visible
            # to other connections; deleted below (the job goes in cascade)
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            partner_id = env_a["res.partner"].create({"name": "Race Test Co"}).id
            company_id = env_a.ref("base.main_company").id
            cr_a.commit()
        try:
            with db.cursor() as cr_b, db.cursor() as cr_a:
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                Job_b = env_b["customer.zone.statement.job"]
                partner_b = env_b["res.partner"].browse(partner_id)
                company_b = env_b["res.company"].browse(company_id)
                # B has read already (its snapshot), as any request has
                self.assertFalse(Job_b._find_pending(partner_b, company_b))
                job_a, _message = env_a["customer.zone.statement.job"]._request(
                    env_a["res.partner"].browse(partner_id),
                    env_a["res.company"].browse(company_id),
                    self._date("2026-01-01"),
                    self._date("2026-12-31"),
                    5,
                )
                self.assertTrue(job_a)
                cr_a.commit()
                with mute_logger("odoo.sql_db"):
                    job_b, message = Job_b._request(
                        partner_b,
                        company_b,
                        self._date("2026-02-01"),
                        self._date("2026-12-31"),
                        5,
                    )
                self.assertFalse(job_b)
                self.assertIn("already being prepared", message)
                # the transaction goes on (the savepoint took the failure)
                cr_b.execute(
                    "SELECT COUNT(*) FROM customer_zone_statement_job"
                    " WHERE partner_id = %s",
                    [partner_id],
                )
                self.assertEqual(cr_b.fetchone()[0], 0, "B's snapshot")
                cr_b.rollback()
                cr_b.execute(
                    "SELECT state FROM customer_zone_statement_job"
                    " WHERE partner_id = %s",
                    [partner_id],
                )
                self.assertEqual(cr_b.fetchall(), [("pending",)])
        finally:
            # the cursor commits when the block ends
            with db.cursor() as cr:
                # A's job triggered the cron: that trigger goes too
                cr.execute(
                    "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND id > %s",
                    [self.cron.id, last_trigger],
                )
                cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])

    def test_a_kept_file_is_served_again(self):
        job = self._alpha_job()
        self.Job._cron_render_statement_jobs()
        self.assertEqual(job.state, "done")
        triggers = self._triggers()
        # the link and the form both serve the file rendered: no new job
        for response in (self._ask(), self._prepare()):
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
            self.assertEqual(response.content, job.attachment_id.raw)
        self.assertEqual(self.Job.search([("partner_id", "=", self.alpha.id)]), job)
        self.assertEqual(self._triggers(), triggers)
        self.assertEqual(len(self._mails(job)), 1)
        # past the days files are kept, the statement is asked afresh
        self._age(job, 8)
        self.assertIn("Prepare the PDF", self._ask().text)

    def test_a_customer_gets_a_few_jobs_a_day(self):
        for _i in range(STATEMENT_JOBS_PER_DAY):
            self._job(self.alpha, self.user_alpha, state="failed")
        response = self._prepare()
        self.assertEqual(response.status_code, 200)
        self.assertIn("many statements today", response.text)
        self.assertEqual(
            self.Job.search_count([("partner_id", "=", self.alpha.id)]),
            STATEMENT_JOBS_PER_DAY,
        )
        # a day later, the customer may ask again
        self._age(self.Job.search([("partner_id", "=", self.alpha.id)]), 2)
        self._prepare()
        self.assertEqual(
            self.Job.search_count(
                [("partner_id", "=", self.alpha.id), ("state", "=", "pending")]
            ),
            1,
        )

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
        mail = self._mails(job)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.user_alpha.partner_id)
        self.assertIn(f"/my/statement/pdf/{job.id}", mail.body_html)
        # nothing left to do: a second run renders and sends nothing more
        self.Job._cron_render_statement_jobs()
        self.assertEqual(len(self._mails(job)), 1)

    def test_the_cron_drops_jobs_whose_access_was_lost(self):
        # since the request: Alpha was blocked, Beta's user archived, and the
        # buyer's user left the portal
        job_alpha = self._job(self.alpha, self.user_alpha)
        job_beta = self._job(self.beta, self.user_beta)
        self.alpha.customer_zone_access = "blocked"
        self.user_beta.active = False
        self.Job._cron_render_statement_jobs()
        for job in (job_alpha, job_beta):
            with self.subTest(customer=job.partner_id.name):
                self.assertEqual(job.state, "cancelled")
                self.assertFalse(job.attachment_id)
                self.assertFalse(self._mails(job))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", self.Job._name), ("res_id", "in", job_beta.ids)]
            )
        )
        self.alpha.customer_zone_access = "default"
        # the buyer's user became an employee: no longer a portal user
        self.user_alpha_buyer.group_ids = [
            Command.unlink(self.env.ref("base.group_portal").id),
            Command.link(self.env.ref("base.group_user").id),
        ]
        job_buyer = self._job(self.alpha, self.user_alpha_buyer)
        self.Job._cron_render_statement_jobs()
        self.assertEqual(job_buyer.state, "cancelled")
        self.assertFalse(self._mails(job_buyer))

    def test_a_failing_job_does_not_stop_the_queue(self):
        job_alpha = self._job(self.alpha, self.user_alpha)
        job_beta = self._job(self.beta, self.user_beta)
        Model = type(self.Job)
        render_one = Model._render_one

        def failing_render(job):
            if job.partner_id == self.alpha:
                raise ValueError("not a UserError")
            return render_one(job)

        with (
            patch.object(Model, "_render_one", failing_render),
            mute_logger("odoo.addons.customer_zone.models.customer_zone_statement_job"),
        ):
            self.Job._cron_render_statement_jobs()
        self.assertEqual(job_alpha.state, "failed")
        self.assertFalse(job_alpha.attachment_id)
        self.assertEqual(job_beta.state, "done")
        self.assertEqual(len(self._mails(job_beta)), 1)
        # the email failing fails the job too, and drops its file
        job_alpha_again = self._job(self.alpha, self.user_alpha)

        def failing_notify(job):
            raise OSError("no template")

        with (
            patch.object(Model, "_notify", failing_notify),
            mute_logger("odoo.addons.customer_zone.models.customer_zone_statement_job"),
        ):
            self.Job._cron_render_statement_jobs()
        self.assertEqual(job_alpha_again.state, "failed")
        self.assertFalse(job_alpha_again.attachment_id)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", self.Job._name),
                    ("res_id", "=", job_alpha_again.id),
                ]
            )
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get(f"/my/statement/pdf/{job_alpha_again.id}").text
        self.assertIn("could not be prepared", page)

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
        self._prepare()
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
        # the form's fields tampered with: the default period, as the link
        for period in (("x", "y"), ("\x00", ""), ("9999-99-99", "1-1-1")):
            with self.subTest(period=period):
                self.assertLess(self._prepare(period=period).status_code, 400)
        self.assertLessEqual(
            self.Job.search_count([("partner_id", "=", self.alpha.id)]), 1
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
