from odoo import http
from odoo.exceptions import ValidationError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestMyDetails(CustomerZoneHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha.write({"phone": "+1 555 0001", "ref": "ALPHA-REF"})
        Detail = cls.env["customer.zone.detail.field"]
        field = cls.env["ir.model.fields"]._get
        Detail.search([("company_id", "=", cls.company.id)]).unlink()
        Detail.create(
            [
                {"field_id": field("res.partner", "ref").id, "sequence": 1},
                {"field_id": field("res.partner", "phone").id, "editable": True},
                {"field_id": field("res.partner", "website").id, "editable": True},
            ]
        )

    def _post(self, data):
        return self.url_open(
            "/my/details",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def test_shows_listed_fields_read_only_or_editable(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open("/my/details").text
        self.assertIn("ALPHA-REF", page)
        self.assertNotIn('name="ref"', page, "ref is shown read-only")
        self.assertIn('name="phone"', page)
        self.assertNotIn('name="email"', page, "not listed, not shown")

    def test_edit_is_saved_and_logged(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        response = self._post({"phone": "+1 555 0002", "website": "alpha.test"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your details were saved", response.text)
        self.assertEqual(self.alpha.phone, "+1 555 0002")
        note = self.alpha.message_ids.filtered(
            lambda m: "Details changed" in (m.body or "")
        )
        self.assertIn("+1 555 0001 → +1 555 0002", note.body)
        self.assertEqual(note.author_id, self.alpha_buyer)

    def test_bad_input_changes_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._post({"phone": "9" * 300, "website": "ok.test"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("At most", response.text)
        # the message is tied to its field, for screen readers
        self.assertIn('aria-describedby="phone_error"', response.text)
        self.assertIn('id="phone_error"', response.text)
        self.assertEqual(self.alpha.phone, "+1 555 0001")
        self.assertFalse(self.alpha.website)
        # a field that is not editable (or not listed) is ignored
        self._post({"phone": "+1 555 0001", "ref": "HACKED", "credit_limit": "1e9"})
        self.assertEqual(self.alpha.ref, "ALPHA-REF")
        self.assertEqual(self.alpha.credit_limit, 0)

    def test_post_needs_csrf_and_a_user(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/details", data={"phone": "x"}, allow_redirects=False
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.alpha.phone, "+1 555 0001")
        self.authenticate(None, None)
        response = self._get("/my/details")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_sensitive_fields_cannot_be_listed(self):
        field = self.env["ir.model.fields"]._get
        for name in ("credit_limit", "customer_zone_access", "user_ids"):
            with self.subTest(field=name), self.assertRaises(ValidationError):
                self.env["customer.zone.detail.field"].create(
                    {"field_id": field("res.partner", name).id}
                )
        with self.assertRaises(ValidationError):
            self.env["customer.zone.detail.field"].create(
                {"field_id": field("res.partner", "display_name").id, "editable": True}
            )


@tagged("post_install", "-at_install")
class TestCommentsReachResponsible(CustomerZoneHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="cz_sally",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
            email="sally@company.test",
        )
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.invoice.invoice_user_id = cls.salesperson
        cls.quote = cls._quotation(cls.alpha, "sent")
        cls.quote.user_id = cls.salesperson
        # as after an import or a batch: the salesperson follows nothing
        for document in (cls.invoice, cls.quote):
            document._portal_ensure_token()
            document.message_unsubscribe(partner_ids=cls.salesperson.partner_id.ids)

    def _comment(self, document, body):
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": document._name,
                "thread_id": document.id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": document.access_token,
            },
        )

    def test_customer_comment_notifies_the_salesperson_by_email(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for document in (self.invoice, self.quote):
            with self.subTest(model=document._name):
                self.assertNotIn(
                    self.salesperson.partner_id, document.message_partner_ids
                )
                self._comment(document, "Could you check the second line?")
                message = document.message_ids.filtered(
                    lambda m: "second line" in (m.body or "")
                )
                self.assertEqual(message.author_id, self.alpha)
                notified = message.notification_ids.filtered(
                    lambda n: n.res_partner_id == self.salesperson.partner_id
                )
                self.assertEqual(notified.notification_type, "email")

    def test_other_customer_cannot_comment(self):
        self.authenticate("cz_beta", "cz_beta")
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "account.move",
                    "thread_id": self.invoice.id,
                    "post_data": {"body": "not mine", "message_type": "comment"},
                },
            )
        self.assertFalse(
            self.invoice.message_ids.filtered(lambda m: "not mine" in (m.body or ""))
        )


@tagged("post_install", "-at_install")
class TestMyDetailsAllowList(CustomerZoneHttpCommon):
    """Only fields on the allow-list are offered, and fewer are editable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha.write({"phone": "+1 555 0001", "vat": False})
        Detail = cls.env["customer.zone.detail.field"]
        cls.field = cls.env["ir.model.fields"]._get
        Detail.search([("company_id", "=", cls.company.id)]).unlink()
        Detail.create(
            [
                {"field_id": cls.field("res.partner", "vat").id},
                {"field_id": cls.field("res.partner", "phone").id, "editable": True},
            ]
        )

    def test_business_fields_cannot_be_listed_or_made_editable(self):
        Detail = self.env["customer.zone.detail.field"]
        for name in (
            "trust",
            "customer_rank",
            "sale_warn_msg",
            "is_company",
            "comment",
        ):
            if name not in self.env["res.partner"]._fields:
                continue
            with self.subTest(field=name), self.assertRaises(ValidationError):
                Detail.create({"field_id": self.field("res.partner", name).id})
        for name in ("name", "ref", "country_id"):
            with self.subTest(field=name), self.assertRaises(ValidationError):
                Detail.create(
                    {"field_id": self.field("res.partner", name).id, "editable": True}
                )
        vat_line = Detail.search([("field_id.name", "=", "vat")])
        with self.assertRaises(ValidationError):
            vat_line.editable = True

    def test_fields_off_the_list_are_never_written(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self.url_open(
            "/my/details",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "phone": "+1 555 0002",
                "vat": "BE0477472701",
                "customer_rank": "0",
                "credit_limit": "999999",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.alpha.phone, "+1 555 0002")
        self.assertFalse(self.alpha.vat, "shown, never edited")

    def test_a_file_or_a_nul_byte_gets_a_message(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self.url_open(
            "/my/details",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"phone": ("phone.txt", b"+1 555 0003", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("not a file", response.text)
        response = self.url_open(
            "/my/details",
            data={"csrf_token": http.Request.csrf_token(self), "phone": "+1\x00555"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("not allowed", response.text)
        self.assertEqual(self.alpha.phone, "+1 555 0001")
