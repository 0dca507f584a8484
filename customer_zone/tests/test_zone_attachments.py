import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneCommon, CustomerZoneHttpCommon

PDF = b"%PDF-1.4\n% a file the accountant attached for the customer\n"
MB = 1024 * 1024


class ZoneFilesMixin:
    @classmethod
    def _file(cls, document, name, content=PDF, visible=False):
        """A file attached to ``document`` by an accountant."""
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "raw": content,
                "res_model": document._name,
                "res_id": document.id,
                "customer_zone_visible": visible,
            }
        )


@tagged("post_install", "-at_install")
class TestZoneFileChoice(ZoneFilesMixin, CustomerZoneCommon):
    """Marking a file visible: only on a zone document, within the company's
    limits, by invoicing users; the file itself stays private."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_attachment_max_mb": 1,
                "customer_zone_attachment_types": "pdf, .PNG,txt",
            }
        )
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.accountant = new_test_user(
            cls.env,
            login="cz_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="cz_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )

    def _assert_refused(self, attachment, values, message, user=None):
        with self.assertRaises(ValidationError) as caught:
            attachment.with_user(user or self.accountant).write(values)
        self.assertEqual(str(caught.exception), message)
        attachment.invalidate_recordset()
        self.assertFalse(attachment.customer_zone_visible, "nothing changed")

    def test_accountant_shows_a_file_which_stays_private(self):
        attachment = self._file(self.invoice, "Terms.PDF")
        attachment.with_user(self.accountant).customer_zone_visible = True
        self.assertTrue(attachment.customer_zone_visible)
        self.assertFalse(attachment.public, "not made public")
        self.assertFalse(attachment.access_token, "no token of its own")
        self.assertEqual(
            self.env["ir.attachment"]._customer_zone_files(self.invoice), attachment
        )

    def test_accountant_uploads_and_shows_files_on_the_forms(self):
        """The forms' "Customer Zone files" page: upload, then switch on."""
        self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        ).user_ids += self.accountant
        quote = self._quotation(self.alpha, "sent")
        chatter_file = self._file(self.invoice, "from-chatter.pdf")
        for document, field in (
            (self.invoice, "attachment_ids"),
            (quote, "customer_zone_attachment_ids"),
        ):
            with self.subTest(model=document._name):
                form = Form(document.with_user(self.accountant))
                with form[field].new() as line:
                    line.datas = base64.b64encode(PDF)
                    line.name = "delivery-note.pdf"
                    line.customer_zone_visible = True
                form.save()
                uploaded = self.env["ir.attachment"].search(
                    [
                        ("res_model", "=", document._name),
                        ("res_id", "=", document.id),
                        ("name", "=", "delivery-note.pdf"),
                    ]
                )
                self.assertTrue(uploaded.customer_zone_visible)
                self.assertEqual(uploaded.raw, PDF)
        form = Form(self.invoice.with_user(self.accountant))
        with form.attachment_ids.edit(
            form.attachment_ids.ids.index(chatter_file.id)
        ) as line:
            line.customer_zone_visible = True
        form.save()
        self.assertTrue(chatter_file.customer_zone_visible)

    def test_oversize_file_is_refused_with_its_size(self):
        attachment = self._file(self.invoice, "scan.pdf", PDF + b"0" * (MB + MB // 3))
        self._assert_refused(
            attachment,
            {"customer_zone_visible": True},
            "scan.pdf is 1.3 MB; files shown to customers may be 1 MB at most.",
        )

    def test_wrong_type_is_refused_with_the_allowed_types(self):
        attachment = self._file(self.invoice, "setup.exe", b"MZ binary")
        self._assert_refused(
            attachment,
            {"customer_zone_visible": True},
            "setup.exe: type .exe is not among the types shown to customers: "
            "pdf, png, txt.",
        )
        no_type = self._file(self.invoice, "README", b"plain words")
        self._assert_refused(
            no_type,
            {"customer_zone_visible": True},
            "README has no file type (extension); the types shown to customers "
            "are: pdf, png, txt.",
        )

    def test_created_visible_is_checked_too(self):
        with self.assertRaises(ValidationError):
            self._file(self.invoice, "virus.exe", b"MZ", visible=True)
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("name", "=", "virus.exe"), ("res_id", "=", self.invoice.id)]
            )
        )

    def test_new_content_or_name_of_a_visible_file_is_checked_again(self):
        attachment = self._file(self.invoice, "terms.pdf", visible=True)
        with self.assertRaises(ValidationError):
            attachment.with_user(self.accountant).write({"name": "terms.exe"})
        with self.assertRaises(ValidationError):
            attachment.with_user(self.accountant).write({"raw": PDF + b"0" * (2 * MB)})
        attachment.invalidate_recordset()
        self.assertEqual(attachment.name, "terms.pdf")
        self.assertEqual(attachment.raw, PDF)

    def test_only_files_of_zone_documents(self):
        bill = self.env["account.move"].create(
            {"move_type": "in_invoice", "partner_id": self.beta.id}
        )
        for record in (self.alpha, bill):
            with self.subTest(model=record._name):
                attachment = self._file(record, "terms.pdf")
                self._assert_refused(
                    attachment,
                    {"customer_zone_visible": True},
                    "terms.pdf is not attached to a customer invoice, credit "
                    "note, quotation or order: it cannot be shown in the "
                    "Customer Zone.",
                    user=self.env.user,  # an accountant may not write on a partner
                )
        quote_file = self._file(self._quotation(self.alpha, "sent"), "plan.pdf")
        quote_file.customer_zone_visible = True
        self.assertTrue(quote_file.customer_zone_visible)

    def test_only_invoicing_users_choose(self):
        quote = self._quotation(self.alpha, "sent")
        attachment = self._file(quote, "plan.pdf")
        with self.assertRaises(AccessError):
            attachment.with_user(self.salesman).write({"customer_zone_visible": True})
        self.assertFalse(attachment.customer_zone_visible)


@tagged("post_install", "-at_install")
class TestZoneFileDownloads(ZoneFilesMixin, CustomerZoneHttpCommon):
    """/my/zone_files/<id>: who gets the file, who gets a 404, and the view
    each download records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.other_invoice = cls._invoice(cls.alpha, 200, "2026-01-11")
        cls.beta_invoice = cls._invoice(cls.beta, 300, "2026-01-12")
        cls.quote = cls._quotation(cls.alpha, "sent")
        cls.terms = cls._file(cls.invoice, "terms.pdf", visible=True)
        cls.internal = cls._file(cls.invoice, "internal-notes.pdf", b"%PDF secret")
        cls.other_file = cls._file(cls.other_invoice, "other.pdf", visible=True)
        cls.beta_file = cls._file(cls.beta_invoice, "beta.pdf", visible=True)
        cls.plan = cls._file(cls.quote, "plan.pdf", visible=True)
        cls.token = cls.invoice._portal_ensure_token()

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _url(self, attachment, token=None):
        url = f"/my/zone_files/{attachment.id}"
        return f"{url}?access_token={token}" if token else url

    def _events(self):
        self.env.invalidate_all()
        return self.env["customer.zone.view.event"].search(
            [("target", "=", "attachment")]
        )

    def _assert_file(self, url, attachment=None):
        """``url`` answers the file itself, as a download."""
        attachment = attachment or self.terms
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response.content, attachment.raw)
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment"), disposition)
        self.assertIn(attachment.name, disposition)
        return response

    def _assert_refused(self, url):
        """``url`` answers 404, shows nothing of the file, records nothing."""
        with mute_logger("odoo.http"):
            response = self._get(url)
        self.assertEqual(response.status_code, 404, url)
        self.assertNotIn(b"a file the accountant attached", response.content)
        self.assertFalse(self._events(), f"{url} recorded a view")

    # ------------------------------------------------------------------
    # who gets the file
    # ------------------------------------------------------------------
    def test_owner_downloads_and_one_view_is_recorded(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_file(self._url(self.terms))
        event = self._events()
        self.assertEqual(len(event), 1)
        self.assertRecordValues(
            event,
            [
                {
                    "partner_id": self.alpha.id,
                    "user_id": self.user_alpha.id,
                    "kind": "download",
                    "access": "session",
                    "res_model": "account.move",
                    "res_id": self.invoice.id,
                    "document_name": "terms.pdf",
                }
            ],
        )
        self._assert_file(self._url(self.terms))
        self.assertEqual(len(self._events()), 1, "a reload within the window")

    def test_contact_of_the_same_customer_downloads(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self._assert_file(self._url(self.terms))
        self._assert_file(self._url(self.plan), self.plan)
        self.assertEqual(self._events().user_id, self.user_alpha_buyer)

    def test_link_holder_downloads_with_the_right_token(self):
        self.authenticate(None, None)
        self._assert_file(self._url(self.terms, self.token))
        event = self._events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.access, "link")
        self.assertFalse(event.user_id)
        self.assertEqual(event.partner_id, self.alpha)

    def test_accountant_preview_downloads_without_a_view(self):
        new_test_user(
            self.env,
            login="cz_files_accountant",
            groups="account.group_account_invoice",
            company_id=self.company.id,
        )
        self.authenticate("cz_files_accountant", "cz_files_accountant")
        self._assert_file(self._url(self.terms))
        self.assertFalse(self._events(), "internal previews never count")

    # ------------------------------------------------------------------
    # who does not
    # ------------------------------------------------------------------
    def test_other_customer_is_refused(self):
        self.authenticate("cz_beta", "cz_beta")
        self._assert_refused(self._url(self.terms))
        self._assert_refused(self._url(self.plan))
        self._assert_file(self._url(self.beta_file), self.beta_file)

    def test_visitor_with_a_wrong_token_is_refused(self):
        self.authenticate(None, None)
        self._assert_refused(self._url(self.terms, "not-the-token"))
        self._assert_refused(self._url(self.terms, self.token.upper()))

    def test_visitor_without_a_token_is_asked_to_log_in(self):
        self.authenticate(None, None)
        response = self._get(self._url(self.terms))
        self._assert_redirect(response, "/web/login")
        self.assertIn(f"zone_files%2F{self.terms.id}", response.headers["Location"])
        self.assertFalse(self._events())

    def test_expired_link_is_refused(self):
        self.invoice.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self.authenticate(None, None)
        self._assert_refused(self._url(self.terms, self.token))

    def test_links_off_refuse_the_visitor(self):
        self.company.customer_zone_document_links = False
        self.authenticate(None, None)
        self._assert_refused(self._url(self.terms, self.token))

    def test_zone_off_refuses_everyone(self):
        self.company.customer_zone_mode = "off"
        self.authenticate(None, None)
        self._assert_refused(self._url(self.terms, self.token))
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_refused(self._url(self.terms))

    def test_invoices_only_zone_refuses_the_quotation_files(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_refused(self._url(self.plan))
        self._assert_file(self._url(self.terms))

    def test_customer_switched_off_is_refused(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_refused(self._url(self.terms))

    def test_file_not_shown_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_refused(self._url(self.internal))
        self.authenticate(None, None)
        self._assert_refused(self._url(self.internal, self.token))

    def test_token_of_one_document_opens_no_file_of_another(self):
        self.authenticate(None, None)
        self._assert_refused(self._url(self.other_file, self.token))
        self._assert_refused(self._url(self.beta_file, self.token))

    def test_ids_that_are_no_file_are_404(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for path in ("abc", "0", "-3", "9" * 25, "9" * 40, f"{self.terms.id}.5"):
            with self.subTest(path=path):
                self._assert_refused(f"/my/zone_files/{path}")
        gone = self._file(self.invoice, "gone.pdf", visible=True)
        gone_url = self._url(gone)
        gone.unlink()
        self._assert_refused(gone_url)

    def test_portal_users_reach_no_file_through_the_orm_or_web_content(self):
        self.authenticate("cz_alpha", "cz_alpha")
        found = self._call_kw(
            "ir.attachment",
            "search_read",
            [[("res_id", "=", self.invoice.id)]],
            {"fields": ["name"]},
        )
        self.assertEqual(found, [], "a search finds none of the invoice's files")
        with mute_logger("odoo.http"):
            for method, args in (
                ("read", [[self.internal.id], ["name", "raw"]]),
                ("write", [[self.internal.id], {"customer_zone_visible": True}]),
            ):
                with (
                    self.subTest(method=method),
                    self.assertRaises(JsonRpcException),
                ):
                    self._call_kw("ir.attachment", method, args)
            for attachment in (self.internal, self.terms):
                response = self._get(f"/web/content/{attachment.id}?download=1")
                self.assertIn(response.status_code, (403, 404))
        self.internal.invalidate_recordset()
        self.assertFalse(self.internal.customer_zone_visible)

    # ------------------------------------------------------------------
    # the document pages
    # ------------------------------------------------------------------
    def test_invoice_page_lists_the_files_shown(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/invoices/{self.invoice.id}").text
        self.assertIn("terms.pdf", page)
        self.assertIn(f'href="/my/zone_files/{self.terms.id}"', page)
        self.assertNotIn("internal-notes.pdf", page)
        self.assertNotIn("other.pdf", page)

    def test_page_opened_by_a_link_passes_its_token_on(self):
        self.authenticate(None, None)
        page = self.url_open(self._link_of(self.invoice)).text
        url = self._url(self.terms, self.token)
        self.assertIn(f'href="{url}"', page)
        self._assert_file(url)

    def test_quotation_page_lists_its_files(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/orders/{self.quote.id}").text
        self.assertIn(f'href="/my/zone_files/{self.plan.id}"', page)
        self.assertIn("plan.pdf", page)
        self.assertNotIn("terms.pdf", page)

    def test_invoice_page_queries_do_not_grow_with_files(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = f"/my/invoices/{self.invoice.id}"
        self.url_open(url)  # compile templates, warm routing
        with_one = self._page_query_count(url)
        for index in range(4):
            self._file(self.invoice, f"annex-{index}.pdf", visible=True)
        self.url_open(url)
        with_five = self._page_query_count(url)
        self.assertEqual(with_five, with_one)
        page = self.url_open(url).text
        self.assertEqual(page.count('class="o_customer_zone_file'), 5)

    def _link_of(self, document):
        return f"{document.access_url}?access_token={document.access_token}"
