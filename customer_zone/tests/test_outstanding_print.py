import logging
from unittest.mock import patch

from lxml import html

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..controllers import outstanding_print
from .bulk import bulk_invoices
from .common import CustomerZoneHttpCommon
from .test_statement_pdf import MAX_BYTES_PER_PAGE, pdf_fonts

_logger = logging.getLogger(__name__)

# Alpha's open items: 50 overdue invoices (1..50, due 2..51 days ago), 40 due
# later (101..140, in 2..41 days), and two credits: a credit note (50) and a
# payment on account (20). 92 items: two pages of 80 on /my/outstanding.
OVERDUE = list(range(1, 51))
LATER = list(range(101, 141))
DUE = sum(OVERDUE) + sum(LATER)


def rows(page):
    """The document numbers of the printed table's rows, in order."""
    tree = html.fromstring(page)
    cells = tree.xpath(
        "//tr[contains(@class, 'o_customer_zone_outstanding_line')]"
        "/td[@name='document']"
    )
    return [cell.text_content().split()[0] for cell in cells]


def figure(page, css_class):
    """The text of the total cell of ``css_class``."""
    tree = html.fromstring(page)
    (cell,) = tree.xpath(f"//dd[contains(@class, '{css_class}')]")
    return " ".join(cell.text_content().split())


@tagged("post_install", "-at_install")
class TestOutstandingPrint(CustomerZoneHttpCommon):
    """/my/outstanding/print and /my/outstanding/pdf: every item of the
    filter, in its order, with the page's totals; the page's gate; bad input
    answered, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.overdue = bulk_invoices(
            env, cls.alpha, OVERDUE, [-(index + 2) for index in range(len(OVERDUE))]
        )
        cls.later = bulk_invoices(
            env, cls.alpha, LATER, [index + 2 for index in range(len(LATER))]
        )
        today = fields.Date.today()
        cls.credit_note = cls._invoice(cls.alpha, 50.0, today, move_type="out_refund")
        cls.on_account = cls._payment_on_account(cls.alpha, 20.0, today)
        cls.foreign = cls._invoice(cls.beta, 999.0, "2026-01-10")
        cls.all_names = (cls.overdue | cls.later | cls.credit_note).mapped("name") + [
            cls.on_account.move_id.name
        ]

    def _open(self, url, status=200):
        response = self._get(url)
        self.assertEqual(response.status_code, status, url)
        return response

    def test_print_view_lists_every_item_with_the_pages_totals(self):
        self.authenticate("cz_alpha", "cz_alpha")
        pages = [
            self._open("/my/outstanding?sortby=date_due").text,
            self._open("/my/outstanding/page/2?sortby=date_due").text,
        ]
        paged = [name for page in pages for name in rows(page)]
        printed = self._open("/my/outstanding/print?sortby=date_due&filterby=all")
        page = printed.text
        # every item, once, in the page's order (the pages put end to end)
        self.assertEqual(len(rows(pages[0])), 80, "the page shows 80")
        self.assertEqual(rows(page), paged)
        self.assertEqual(sorted(rows(page)), sorted(self.all_names))
        self.assertNotIn(self.foreign.name, page)
        # the totals are the page's (over all its pages)
        balance = f"{DUE - 70:,.2f}"
        self.assertIn(balance, " ".join(pages[0].split()))
        self.assertIn(balance, figure(page, "o_customer_zone_balance_total"))
        self.assertIn(
            f"{sum(OVERDUE):,.2f}", figure(page, "o_customer_zone_overdue_total")
        )
        # the company's header, the customer, the print dialog
        self.assertIn(self.company.name, page)
        self.assertIn(self.alpha.name, page)
        self.assertIn("window.print()", page)
        # the page links to the print view and the PDF of its filter and sort
        self.assertIn(
            "/my/outstanding/print?filterby=all&amp;sortby=date_due", pages[0]
        )
        self.assertIn("/my/outstanding/pdf?filterby=all&amp;sortby=date_due", pages[0])

    def test_print_view_follows_the_filter_and_sort(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._open("/my/outstanding/print?filterby=overdue&sortby=amount").text
        # the largest open amount first
        self.assertEqual(
            rows(page), self.overdue.sorted("amount_total", True).mapped("name")
        )
        self.assertIn(
            f"{sum(OVERDUE):,.2f}", figure(page, "o_customer_zone_listed_total")
        )
        # and the balance of every open item, as the page shows it
        self.assertIn(f"{DUE - 70:,.2f}", figure(page, "o_customer_zone_balance_total"))
        credits = self._open("/my/outstanding/print?filterby=credits").text
        self.assertEqual(
            sorted(rows(credits)),
            sorted([self.credit_note.name, self.on_account.move_id.name]),
        )
        self.assertIn("payment not yet allocated", credits)

    def test_unknown_filter_or_sort_is_a_message(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for query in (
            "filterby=nope",
            "sortby=amount%20desc;drop",
            "filterby=<script>x</script>",
            "filterby=",
        ):
            with self.subTest(query=query):
                page = self._open(f"/my/outstanding/print?{query}").text
                self.assertEqual(sorted(rows(page)), sorted(self.all_names))
                if query != "filterby=":
                    self.assertIn("is not an option here", page)
                self.assertNotIn("<script>x", page)
                pdf = self._open(f"/my/outstanding/pdf?{query}")
                self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

    def test_pdf_is_an_attachment_and_a_view(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._forget_tokens()
        response = self._open("/my/outstanding/pdf?filterby=overdue&sortby=amount")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment"), disposition)
        today = fields.Date.to_string(fields.Date.today())
        self.assertIn(f"Outstanding-items-overdue-{today}.pdf", disposition)
        # Odoo's test mode renders reports as HTML (see test_statement.py)
        body = response.content.decode()
        self.assertEqual(
            rows(body), self.overdue.sorted("amount_total", True).mapped("name")
        )
        self.assertNotIn(self.foreign.name, body)
        self.env.invalidate_all()
        events = self.env["customer.zone.view.event"].search(
            [("target", "=", "outstanding"), ("partner_id", "=", self.alpha.id)]
        )
        self.assertEqual(
            [(e.kind, e.partner_id) for e in events], [("pdf", self.alpha)]
        )
        # a GET writes nothing: no link minted on any document
        self.assertEqual(self._tokens(), 0)

    def test_who_gets_it(self):
        urls = ("/my/outstanding/print", "/my/outstanding/pdf")
        # a contact of the customer: the customer's items
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        for url in urls:
            body = self._open(url).content.decode()
            self.assertEqual(sorted(rows(body)), sorted(self.all_names), url)
        # another customer: its own only
        self.authenticate("cz_beta", "cz_beta")
        for url in urls:
            body = self._open(url).content.decode()
            self.assertEqual(rows(body), [self.foreign.name], url)
        # the public: the login page
        self.authenticate(None, None)
        for url in urls:
            self._assert_redirect(self._get(url), "/web/login")
        # the zone off for the customer, or a mode without the page: 404
        self.authenticate("cz_alpha", "cz_alpha")
        self.alpha.customer_zone_access = "blocked"
        for url in urls:
            self._open(url, 404)
        self.alpha.customer_zone_access = "default"
        self.company.customer_zone_mode = "invoices"
        for url in urls:
            self._open(url, 404)

    def test_core_report_route_and_json_rpc_refuse(self):
        """Core's generic report route renders reports for any user: this
        one only in the zone's route (sudo), never with the URL's data."""
        self.authenticate("cz_beta", "cz_beta")
        with mute_logger("odoo.http"):
            responses = [
                self._get(f"/report/{kind}/customer_zone.report_outstanding/{ids}")
                for kind in ("html", "pdf")
                for ids in (self.alpha.id, self.beta.id)
            ]
        for response in responses:
            self.assertEqual(response.status_code, 403, response.url)
            self.assertNotIn(self.overdue[0].name, response.text)
        response = self._call_kw(
            "account.move.line",
            "search_read",
            [[("partner_id", "=", self.alpha.id)], ["move_name"]],
        )
        self.assertEqual(response, [])
        # an accountant does not print it either
        accountant = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(accountant)._render_qweb_html(
                "customer_zone.action_report_outstanding", self.alpha.ids
            )

    def test_too_long_for_a_pdf_points_to_the_print_view(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with patch.object(outstanding_print, "STATEMENT_PDF_REQUEST_LINES", 10):
            response = self._open("/my/outstanding/pdf?filterby=overdue&sortby=amount")
            self.assertIn("text/html", response.headers["Content-Type"])
            self.assertIn("50 open items are more than a PDF", response.text)
            self.assertIn(
                "/my/outstanding/print?filterby=overdue&amp;sortby=amount",
                response.text,
            )
            # a filter of fewer items still gets its PDF
            response = self._open("/my/outstanding/pdf?filterby=credits")
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.env.invalidate_all()
        events = self.env["customer.zone.view.event"].search(
            [
                ("target", "=", "outstanding"),
                ("kind", "=", "pdf"),
                ("partner_id", "=", self.alpha.id),
            ]
        )
        self.assertEqual(len(events), 1, "only the PDF served is a view")


@tagged("post_install", "-at_install")
class TestOutstandingPrintEmpty(CustomerZoneHttpCommon):
    def test_nothing_open_is_a_friendly_empty_state(self):
        self.authenticate("cz_beta", "cz_beta")
        page = self._get("/my/outstanding/print").text
        self.assertIn("o_cz_empty", page)
        self.assertIn("Nothing is open on your account", page)
        self.assertIn('href="/my/invoices"', page)
        self.assertEqual(self._get("/my/outstanding/pdf").status_code, 200)
        # a customer with items, a filter that matches none
        self.authenticate("cz_alpha", "cz_alpha")
        self._invoice(self.alpha, 10.0, "2026-01-10", due="2099-01-01")
        page = self._get("/my/outstanding/print?filterby=credits").text
        self.assertIn("No open item matches", page)


@tagged("post_install", "-at_install")
class TestOutstandingPrintQueries(CustomerZoneHttpCommon):
    """The print view and the PDF route run as many queries at 20 items as
    at 2, on the first visit (documents never linked) as on later ones. In
    tests the PDF route renders the report's HTML (Odoo's test mode): the
    queries are the request's; wkhtmltopdf's own run fetches only the
    report's assets, whatever the number of items."""

    URLS = (
        "/my/outstanding/print?filterby=all&sortby=date_due",
        "/my/outstanding/pdf?filterby=all&sortby=date_due",
    )
    CEILING = 30

    def test_constant_queries_at_2_and_20_items(self):
        bulk_invoices(self.env, self.alpha, [10, 20], [-5, 5])
        self.authenticate("cz_alpha", "cz_alpha")
        for url in self.URLS:
            self.url_open(url)  # compile templates, warm routing
        with_2 = self._first_and_later(self.URLS)
        bulk_invoices(
            self.env, self.alpha, list(range(1, 19)), [d - 9 for d in range(18)]
        )
        with_20 = self._first_and_later(self.URLS)
        for url in self.URLS:
            _logger.info(
                "queries on %s: %s (2 items), %s (20 items)",
                url,
                with_2[url],
                with_20[url],
            )
            with self.subTest(url=url):
                self.assertEqual(with_2[url][0], with_2[url][1], "first = later")
                self.assertEqual(with_20[url], with_2[url], "20 items = 2 items")
                self.assertLessEqual(with_20[url][0], self.CEILING)


@tagged("post_install", "-at_install")
class TestOutstandingPdfFonts(CustomerZoneHttpCommon):
    """The real PDF (wkhtmltopdf) embeds its fonts and stays small, as the
    statement's (the helpers of test_statement_pdf)."""

    def setUp(self):
        super().setUp()
        if _wkhtml().state != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())

    def test_outstanding_pdf_embeds_its_fonts(self):
        bulk_invoices(
            self.env, self.alpha, list(range(1, 121)), [d - 60 for d in range(120)]
        )
        lines = self.env["account.move.line"].search(
            self.alpha._customer_zone_open_items_domain(self.company),
            order="date_maturity, id",
        )
        today = fields.Date.today()
        values = {
            "partner": self.alpha,
            "company": self.company,
            "lines": lines,
            "days_overdue": {
                line.id: max((today - line.date_maturity).days, 0) for line in lines
            },
            "listed_totals": {self.currency: sum(lines.mapped("amount_residual"))},
            "totals": {
                self.currency: {
                    "due": 7260.0,
                    "overdue": 0.0,
                    "credit": 0.0,
                    "balance": 7260.0,
                }
            },
            "today": today,
            "filterby": "all",
            "filter_label": "All",
            "sortby": "date_due",
            "sort_label": "Due date",
        }
        pdf, report_type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "customer_zone.action_report_outstanding",
                self.alpha.ids,
                data={"customer_zone_outstanding": values},
            )
        )
        self.assertEqual(report_type, "pdf")
        fonts, pages = pdf_fonts(pdf)
        self.assertTrue(fonts, "no font at all: the text is drawn as outlines")
        self.assertEqual([name for name, embedded in fonts.items() if not embedded], [])
        self.assertGreater(pages, 1)
        self.assertLess(len(pdf) / pages, MAX_BYTES_PER_PAGE, f"{pages} pages")
