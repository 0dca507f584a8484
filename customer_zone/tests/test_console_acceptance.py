import io
import re

from openpyxl import load_workbook

from odoo.tests import new_test_user, tagged

from .common import CustomerZoneHttpCommon

PDF = b"%PDF-1.4\n% delivery terms for the customer\n"


@tagged("post_install", "-at_install")
class TestConsoleAcceptance(CustomerZoneHttpCommon):
    """Issue 12's acceptance, end to end: a customer logs in and opens two
    invoices and the statement PDF; the accountant sees the login, the three
    views and "viewed" on both invoices, attaches a file to one invoice that
    the customer then downloads, changes the zone's colours, and exports the
    views to Excel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo database carries a year of activity: start from none
        cls.env["customer.zone.view.event"].search([]).unlink()
        cls.first = cls._invoice(cls.alpha, 120.0, "2026-10-01")
        cls.second = cls._invoice(cls.alpha, 80.0, "2026-10-15")
        cls.accountant = new_test_user(
            cls.env,
            login="cz_acceptance_accountant",
            groups="account.group_account_manager,base.group_system",
            company_id=cls.company.id,
        )

    def _log_in_through_the_form(self, login):
        page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/login",
            data={"login": login, "password": login, "csrf_token": csrf},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("/web/login", response.headers["Location"])

    def test_the_accountant_sees_what_the_customer_did(self):
        # the customer
        self._log_in_through_the_form("cz_alpha")
        for invoice in (self.first, self.second):
            page = self._get(invoice.access_url)
            self.assertEqual(page.status_code, 200)
            self.assertIn(invoice.name, page.text)
        statement = self._get(
            "/my/statement/pdf?date_from=2026-09-01&date_to=2026-10-31"
        )
        self.assertEqual(statement.status_code, 200)
        # (tests render reports as HTML unless forced: the answer is what counts)
        self.assertEqual(statement.headers["Content-Type"], "application/pdf")

        # the accountant: the login, the three views, "viewed" on both
        as_accountant = self.env(user=self.accountant)
        logins = as_accountant["customer.zone.login.event"].search(
            [("user_id", "=", self.user_alpha.id), ("result", "=", "success")]
        )
        self.assertEqual(len(logins), 1)
        views = as_accountant["customer.zone.view.event"].search(
            [("partner_id", "=", self.alpha.id)], order="id"
        )
        self.assertEqual(
            [(view.target, view.kind, view.document_name) for view in views],
            [
                ("invoice", "page", self.first.name),
                ("invoice", "page", self.second.name),
                ("statement", "pdf", views[2].document_name),
            ],
        )
        self.assertTrue(all(view.user_id == self.user_alpha for view in views))
        for invoice in as_accountant["account.move"].browse(
            (self.first | self.second).ids
        ):
            self.assertEqual(invoice.customer_zone_view_count, 1)
            self.assertTrue(invoice.customer_zone_first_viewed)
        self.assertEqual(
            as_accountant["account.move"].search(
                [
                    ("id", "in", (self.first | self.second).ids),
                    ("customer_zone_viewed", "=", True),
                ]
            ),
            self.first | self.second,
        )

        # a file on the first invoice, for the customer, who downloads it
        terms = as_accountant["ir.attachment"].create(
            {
                "name": "Delivery terms.pdf",
                "raw": PDF,
                "res_model": "account.move",
                "res_id": self.first.id,
            }
        )
        terms.customer_zone_visible = True
        page = self._get(self.first.access_url)
        self.assertIn("Delivery terms.pdf", page.text)
        download = self._get(f"/my/zone_files/{terms.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF)
        self.assertEqual(
            as_accountant["customer.zone.view.event"].search_count(
                [("partner_id", "=", self.alpha.id), ("kind", "=", "download")]
            ),
            1,
        )

        # the zone's colours, on the customer's next page
        self.company.with_user(self.accountant).write(
            {"customer_zone_brand_primary_color": "#0b6e4f"}
        )
        self.assertIn("#0b6e4f", self._get("/my/home").text)

        # the views to Excel, as the list's Print menu runs it
        views = as_accountant["customer.zone.view.event"].search(
            [("partner_id", "=", self.alpha.id)], order="id"
        )
        content, kind = as_accountant["ir.actions.report"]._render_xlsx(
            "customer_zone.customer_zone_view_event_xlsx", views.ids, data=None
        )
        self.assertEqual(kind, "xlsx")
        rows = list(load_workbook(io.BytesIO(content)).active.values)
        documents = {row[rows[0].index("Document")] for row in rows[1:]}
        self.assertEqual(len(rows) - 1, 4, "three views and a download")
        self.assertTrue({self.first.name, self.second.name} <= documents)
