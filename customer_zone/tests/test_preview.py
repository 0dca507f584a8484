from odoo.tests import new_test_user, tagged

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestPreviewAsCustomer(CustomerZoneHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="cz_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.invoice = cls._invoice(cls.alpha, 321.0, "2026-01-10")
        cls.invoice_b = cls._invoice(cls.beta, 654.0, "2026-01-10")

    def test_accountant_reads_what_the_customer_sees(self):
        self.authenticate("cz_accountant", "cz_accountant")
        response = self.url_open(f"/my/preview/{self.alpha_buyer.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("o_customer_zone_preview", page)
        self.assertIn("Alpha Zone Test Co", page)
        self.assertIn(self.invoice.name, page)
        self.assertIn("321.00", page)
        self.assertNotIn(self.invoice_b.name, page)
        self.assertNotIn('method="post"', page.split("o_customer_zone_preview", 1)[1])
        self.assertNotIn("Pay Now", page)
        note = self.alpha.message_ids.filtered(lambda m: "previewed" in (m.body or ""))
        self.assertIn("cz_accountant", note.body)
        self.assertFalse(self.invoice.access_token, "no link was issued")

    def test_preview_of_a_blocked_customer(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_accountant", "cz_accountant")
        page = self.url_open(f"/my/preview/{self.alpha.id}").text
        self.assertIn("zone is off", page)
        self.assertNotIn(self.invoice.name, page)

    def test_customers_and_bad_ids_cannot_preview(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for partner_id in (self.beta.id, self.alpha.id):
            response = self.url_open(f"/my/preview/{partner_id}")
            self.assertEqual(response.status_code, 404)
        self.authenticate("cz_accountant", "cz_accountant")
        self.assertEqual(self.url_open("/my/preview/999999999").status_code, 404)
        self.assertEqual(self.url_open("/my/preview/abc").status_code, 404)
        response = self.url_open(
            f"/my/preview/{self.alpha.id}", data={"x": "1"}, allow_redirects=False
        )
        self.assertIn(response.status_code, (400, 405), "GET only")

    def test_repeated_previews_log_once(self):
        self.authenticate("cz_accountant", "cz_accountant")
        for _attempt in range(3):
            self.assertEqual(
                self.url_open(f"/my/preview/{self.alpha.id}").status_code, 200
            )
        notes = self.alpha.message_ids.filtered(lambda m: "previewed" in (m.body or ""))
        self.assertEqual(len(notes), 1, "one note per customer, session and day")
        page = self.url_open(f"/my/preview/{self.alpha.id}").text
        self.assertIn(self.invoice.name, page)
