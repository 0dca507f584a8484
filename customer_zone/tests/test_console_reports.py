import io
from datetime import datetime, timedelta

from openpyxl import load_workbook

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import CustomerZoneCommon, CustomerZoneHttpCommon

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ConsoleCase:
    """An accountant (invoicing user), an employee without accounting rights,
    and the events a customer leaves, written as the zone writes them."""

    @classmethod
    def _console_users(cls, companies=None):
        companies = companies or cls.company
        cls.accountant = new_test_user(
            cls.env,
            login="cz_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(companies.ids)],
            tz="Europe/Brussels",
        )
        cls.employee = new_test_user(
            cls.env, login="cz_employee", groups="base.group_user"
        )

    @classmethod
    def _view(cls, document, user, when=None, kind="page"):
        """A view of ``document`` by ``user``, inserted by the statement the
        zone uses (a window of 0: every call is one view), dated ``when``."""
        Event = cls.env["customer.zone.view.event"]
        Event._insert_views(
            cls.env.cr,
            [
                {
                    "partner_id": document.partner_id.commercial_partner_id.id,
                    "user_id": user.id,
                    "company_id": document.company_id.id,
                    "target": Event._document_target(document),
                    "kind": kind,
                    "access": "session",
                    "res_model": document._name,
                    "res_id": document.id,
                    "document_name": document.name,
                    "ip_address": "192.0.2.10",
                    "user_agent": "Zone test browser",
                }
            ],
            0,
        )
        if when:
            cls._redate("customer_zone_view_event", when)
        cls.env.invalidate_all()

    @classmethod
    def _login(cls, user, result="success", when=None):
        event = cls.env["customer.zone.login.event"]._record(user.login, user, result)
        if when:
            cls._redate("customer_zone_login_event", when, event.id)
        cls.env.invalidate_all()
        return event

    @classmethod
    def _redate(cls, table, when, record_id=None):
        """Date the newest row of ``table`` (or ``record_id``) at ``when``."""
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE %(table)s SET create_date = %(when)s WHERE id = %(id)s",
                table=SQL.identifier(table),
                when=when,
                id=record_id or SQL("(SELECT MAX(id) FROM %s)", SQL.identifier(table)),
            )
        )

    def _sheet(self, report_xmlid, records, user=None):
        """Render an Excel export of ``records`` as ``user`` (the accountant)
        and read it back: (header, rows, the sheet)."""
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.accountant)
            ._render_xlsx(report_xmlid, records.ids, data=None)
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        return rows[0], rows[1:], sheet


@tagged("post_install", "-at_install")
class TestDocumentsRegister(ConsoleCase, CustomerZoneCommon):
    """The register shows every document the zone publishes, with what the
    customer did with it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls._create_company(
            name="Zone Register Two", currency_id=cls.currency.id
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_2, install_demo=False
        )
        cls.company_2.customer_zone_mode = "off"
        cls._console_users(cls.company | cls.company_2)
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.paid = cls._invoice(cls.alpha, 40, "2026-01-11")
        cls._register_payment(cls.paid, 40, "2026-01-20")
        cls.refund = cls._invoice(cls.alpha, 30, "2026-01-12", "out_refund")
        cls.sent_quote = cls._quotation(cls.alpha, "sent")
        cls.draft_quote = cls._quotation(cls.alpha, "draft")
        cls.published = cls._quotation(cls.alpha_buyer, "draft", published=True)
        cls.other_company = cls._invoice(
            cls.alpha, 200, "2026-01-15", company=cls.company_2
        )
        cls.beta_invoice = cls._invoice(cls.beta, 70, "2026-01-20")

    def _register(self, domain=(), companies=None):
        """The register as the accountant sees it, with ``companies``
        selected (both by default), read afresh as a new request reads it."""
        companies = companies or self.company | self.company_2
        self.env["customer.zone.document"].invalidate_model()
        return (
            self.env["customer.zone.document"]
            .with_user(self.accountant)
            .with_context(allowed_company_ids=companies.ids)
            .search([("partner_id", "in", (self.alpha | self.beta).ids), *domain])
        )

    def _row(self, document, rows=None):
        rows = self._register() if rows is None else rows
        return rows.filtered(
            lambda r: r.res_model == document._name and r.res_id == document.id
        )

    def test_rows_of_published_documents(self):
        rows = self._register()
        invoice = self._row(self.invoice, rows)
        self.assertEqual(invoice.name, self.invoice.name)
        self.assertEqual(invoice.document_type, "invoice")
        self.assertEqual(invoice.partner_id, self.alpha)
        self.assertEqual(invoice.date, self._date("2026-01-10"))
        self.assertEqual(invoice.amount, 100)
        self.assertEqual(invoice.currency_id, self.currency)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(invoice.viewed)
        self.assertFalse(invoice.first_viewed, "not viewed yet")
        self.assertEqual(invoice.view_count, 0)
        self.assertTrue(invoice.shown_in_zone)
        self.assertEqual(self._row(self.paid, rows).payment_state, "paid")
        refund = self._row(self.refund, rows)
        self.assertEqual(refund.document_type, "credit_note")
        self.assertEqual(refund.amount, 30)
        quote = self._row(self.sent_quote, rows)
        self.assertEqual(quote.document_type, "quotation")
        self.assertEqual(quote.state, "sent")
        self.assertEqual(quote.amount, self.sent_quote.amount_total)
        self.assertFalse(quote.payment_state)
        self.assertTrue(quote.link_sent, "a sent quotation was sent")
        self.assertFalse(self._row(self.draft_quote, rows), "a draft is not published")
        published = self._row(self.published, rows)
        self.assertEqual(published.partner_id, self.alpha, "the commercial partner")
        self.assertEqual(published.state, "draft")
        self.assertFalse(published.link_sent)
        self.assertTrue(published.shown_in_zone)

    def test_another_company_with_its_zone_off_is_listed_not_shown(self):
        """Documented choice: a document of a company whose zone is off is
        in the register (the accountant sees what would be published), with
        "shown in the zone" off."""
        row = self._row(self.other_company)
        self.assertTrue(row)
        self.assertFalse(row.shown_in_zone)
        self.assertTrue(self._row(self.invoice).shown_in_zone)

    def test_company_rule(self):
        rows = self._register(companies=self.company)
        self.assertTrue(self._row(self.invoice, rows))
        self.assertFalse(self._row(self.other_company, rows))

    def test_shown_is_the_visibility_domains_answer(self):
        """The register states in SQL what ``_customer_zone_document_domain``
        decides: both answer alike for every row, whatever the mode, the
        company default and the customer's switch."""
        for mode in ("account", "invoices", "off"):
            for default in (True, False):
                for access in ("default", "allowed", "blocked"):
                    self.company.write(
                        {
                            "customer_zone_mode": mode,
                            "customer_zone_default_access": default,
                        }
                    )
                    self.alpha.customer_zone_access = access
                    for row in self._register():
                        document = self.env[row.res_model].browse(row.res_id)
                        partner = document.partner_id.commercial_partner_id
                        domain = partner._customer_zone_document_domain(row.res_model)
                        with self.subTest(
                            mode=mode, default=default, access=access, row=row.name
                        ):
                            self.assertEqual(
                                row.shown_in_zone,
                                bool(document.filtered_domain(domain)),
                            )

    def test_shown_follows_the_customer_switch_and_the_mode(self):
        self.alpha.customer_zone_access = "blocked"
        rows = self._register()
        self.assertFalse(self._row(self.invoice, rows).shown_in_zone)
        self.assertTrue(self._row(self.beta_invoice, rows).shown_in_zone)
        self.alpha.customer_zone_access = "default"
        self.company.customer_zone_mode = "invoices"
        rows = self._register()
        self.assertTrue(self._row(self.invoice, rows).shown_in_zone)
        self.assertFalse(self._row(self.refund, rows).shown_in_zone)
        self.assertFalse(self._row(self.sent_quote, rows).shown_in_zone)

    def test_link_sent_of_an_invoice(self):
        self.assertFalse(self._row(self.invoice).link_sent)
        self.invoice.is_move_sent = True
        self.assertTrue(self._row(self.invoice).link_sent)

    def test_first_viewed_after_a_view(self):
        first = fields.Datetime.now() - timedelta(days=3)
        self._view(self.invoice, self.user_alpha, when=first)
        self._view(self.invoice, self.user_alpha_buyer, kind="pdf")
        row = self._row(self.invoice)
        self.assertTrue(row.viewed)
        self.assertEqual(row.first_viewed, first)
        self.assertGreater(row.last_viewed, first)
        self.assertEqual(row.view_count, 2)
        self.assertFalse(self._row(self.refund).viewed, "its own views only")

    def test_filters(self):
        self._view(self.invoice, self.user_alpha)
        not_viewed = self._register([("viewed", "=", False)])
        self.assertNotIn(self._row(self.invoice), not_viewed)
        self.assertIn(self._row(self.refund), not_viewed)
        viewed = self._register([("viewed", "=", True)])
        self.assertEqual(viewed, self._row(self.invoice))
        unpaid = self._register([("payment_state", "in", ("not_paid", "partial"))])
        self.assertIn(self._row(self.invoice), unpaid)
        self.assertNotIn(self._row(self.paid), unpaid)
        self.assertNotIn(self._row(self.sent_quote), unpaid)
        by_name = self._register([("name", "=", self.refund.name)])
        self.assertEqual(by_name.res_id, self.refund.id)

    def test_group_by_customer_month_and_type(self):
        Register = (
            self.env["customer.zone.document"]
            .with_user(self.accountant)
            .with_context(allowed_company_ids=(self.company | self.company_2).ids)
        )
        domain = [("partner_id", "in", (self.alpha | self.beta).ids)]
        counts = dict(Register._read_group(domain, ["partner_id"], ["__count"]))
        # alpha: 2 invoices, a credit note, a sent and a published quotation,
        # and the other company's invoice
        self.assertEqual(counts, {self.alpha: 6, self.beta: 1})
        by_type = dict(Register._read_group(domain, ["document_type"], ["__count"]))
        self.assertEqual(by_type["invoice"], 4)
        self.assertEqual(by_type["credit_note"], 1)
        self.assertEqual(by_type["quotation"], 2)
        months = Register._read_group(
            domain + [("move_id", "!=", False)], ["date:month"], ["amount:sum"]
        )
        self.assertEqual(sum(amount for _month, amount in months), 440)

    def test_open_the_document(self):
        action = (
            self._row(self.invoice).with_user(self.accountant).action_open_document()
        )
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(action["res_id"], self.invoice.id)
        action = self._row(self.sent_quote).action_open_document()
        self.assertEqual(action["res_model"], "sale.order")
        self.assertEqual(action["res_id"], self.sent_quote.id)


@tagged("post_install", "-at_install")
class TestConsoleAccess(ConsoleCase, CustomerZoneHttpCommon):
    """Only invoicing users read the console's reports and their exports."""

    MODELS = (
        "customer.zone.document",
        "customer.zone.view.event",
        "customer.zone.login.event",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._console_users()
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls._view(cls.invoice, cls.user_alpha)
        cls._login(cls.user_alpha)

    @mute_logger("odoo.http")
    def test_portal_user_over_json_rpc(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for model in self.MODELS:
            for method, args, kwargs in (
                ("search_read", [[]], {"fields": ["id"]}),
                ("read", [[1]], {"fields": ["id"]}),
                ("formatted_read_group", [[], ["partner_id"], ["__count"]], {}),
            ):
                with (
                    self.subTest(model=model, method=method),
                    self.assertRaises(JsonRpcException) as caught,
                ):
                    self._call_kw(model, method, args, kwargs)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    @mute_logger("odoo.http")
    def test_portal_user_cannot_download_an_export(self):
        row = self.env["customer.zone.document"].search(
            [("res_id", "=", self.invoice.id), ("res_model", "=", "account.move")]
        )
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._get(f"/report/xlsx/customer_zone.document_xlsx/{row.id}")
        self.assertNotEqual(response.headers.get("Content-Type"), XLSX_TYPE)
        self.assertNotIn(self.invoice.name.encode(), response.content)

    def test_accountant_downloads_an_export(self):
        row = self.env["customer.zone.document"].search(
            [("res_id", "=", self.invoice.id), ("res_model", "=", "account.move")]
        )
        self.authenticate("cz_accountant", "cz_accountant")
        response = self._get(f"/report/xlsx/customer_zone.document_xlsx/{row.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get("Content-Type"), XLSX_TYPE)
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A2"].value, self.invoice.name)

    def test_employee_without_accounting_rights(self):
        for model in self.MODELS:
            Model = self.env[model].with_user(self.employee)
            with self.subTest(model=model), self.assertRaises(AccessError):
                Model.search([])
        rows = self.env["customer.zone.view.event"].search([])
        with self.assertRaises(AccessError):
            self._sheet(
                "customer_zone.customer_zone_view_event_xlsx", rows, self.employee
            )

    def test_exports_only_in_invoicing_users_print_menu(self):
        group = self.env.ref("account.group_account_invoice")
        for xmlid in (
            "customer_zone.customer_zone_login_event_xlsx",
            "customer_zone.customer_zone_view_event_xlsx",
            "customer_zone.customer_zone_document_xlsx",
        ):
            report = self.env.ref(xmlid)
            self.assertEqual(report.group_ids, group, xmlid)
            self.assertEqual(report.binding_type, "report")
            self.assertEqual(report.binding_model_id.model, report.model)


@tagged("post_install", "-at_install")
class TestConsoleExports(ConsoleCase, CustomerZoneCommon):
    """Logins, views and the register to Excel: headers, typed cells."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._console_users()
        cls.invoice = cls._invoice(cls.alpha, 1234.5, "2026-01-10")
        cls.when = datetime(2026, 2, 3, 9, 30)
        cls.local_when = datetime(2026, 2, 3, 10, 30)  # in Brussels
        cls._view(cls.invoice, cls.user_alpha, when=cls.when, kind="pdf")
        cls.login = cls._login(cls.user_alpha, when=cls.when)
        cls.failed = cls._login(cls.user_beta, "wrong_password")

    def test_logins(self):
        events = self.login | self.failed
        header, rows, _sheet = self._sheet(
            "customer_zone.customer_zone_login_event_xlsx", events
        )
        self.assertEqual(header[:5], ("When", "Login", "Customer", "User", "Result"))
        self.assertEqual(len(rows), 2)
        first = dict(zip(header, rows[0], strict=True))
        self.assertEqual(first["When"], self.local_when, "the user's time")
        self.assertEqual(first["Login"], "cz_alpha")
        self.assertEqual(first["Customer"], self.alpha.name)
        self.assertEqual(first["Result"], "Logged in")
        self.assertIs(first["Success"], True)
        second = dict(zip(header, rows[1], strict=True))
        self.assertEqual(second["Result"], "Wrong password")
        self.assertIs(second["Success"], False)

    def test_document_views(self):
        events = self.env["customer.zone.view.event"].search(
            [("res_id", "=", self.invoice.id)]
        )
        header, rows, _sheet = self._sheet(
            "customer_zone.customer_zone_view_event_xlsx", events
        )
        self.assertEqual(header[:5], ("When", "Customer", "User", "Viewed", "Document"))
        self.assertEqual(len(rows), 1)
        row = dict(zip(header, rows[0], strict=True))
        self.assertEqual(row["When"], self.local_when)
        self.assertEqual(row["Customer"], self.alpha.name)
        self.assertEqual(row["Document"], self.invoice.name)
        self.assertEqual(row["Viewed"], "Invoice")
        self.assertEqual(row["IP address"], "192.0.2.10")

    def test_register(self):
        rows = self.env["customer.zone.document"].search(
            [("partner_id", "=", self.alpha.id)]
        )
        header, lines, sheet = self._sheet(
            "customer_zone.customer_zone_document_xlsx", rows
        )
        self.assertEqual(
            header[:6], ("Document", "Type", "Customer", "Date", "Total", "Currency")
        )
        line = dict(zip(header, lines[0], strict=True))
        self.assertEqual(line["Document"], self.invoice.name)
        self.assertEqual(line["Type"], "Invoice")
        self.assertEqual(line["Customer"], self.alpha.name)
        self.assertEqual(line["Date"], datetime(2026, 1, 10))
        self.assertEqual(line["Total"], 1234.5)
        self.assertEqual(line["Currency"], self.currency.name)
        self.assertEqual(line["First viewed"], self.local_when)
        self.assertEqual(line["Views"], 1)
        self.assertIs(line["Shown in the zone"], True)
        # the amount is a number shown in its currency
        self.assertIn(self.currency.symbol, sheet["E2"].number_format)
        self.assertEqual(sheet["D2"].number_format, "yyyy-mm-dd")


@tagged("post_install", "-at_install")
class TestCustomerPanel(ConsoleCase, CustomerZoneCommon):
    """The customer's 360° panel: its figures and its buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._console_users()
        cls.env["customer.zone.invitation"].create(
            [
                {
                    "partner_id": cls.alpha_buyer.id,
                    "state": "sent",
                    "sent_on": "2026-01-05 10:00:00",
                },
                {
                    "partner_id": cls.alpha.id,
                    "state": "sent",
                    "sent_on": "2026-01-07 10:00:00",
                },
                {"partner_id": cls.alpha.id, "state": "failed"},
            ]
        )
        cls.first_login = datetime(2026, 1, 8, 8, 0)
        cls._login(cls.user_alpha_buyer, when=cls.first_login)
        cls._login(cls.user_alpha, "wrong_password")
        cls.last_login = cls._login(cls.user_alpha).create_date
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.refund = cls._invoice(cls.alpha, 30, "2026-01-12", "out_refund")
        cls.quote = cls._quotation(cls.alpha, "sent")
        cls._view(cls.invoice, cls.user_alpha)
        cls._view(cls.invoice, cls.user_alpha_buyer)
        cls._view(
            cls.refund, cls.user_alpha, when=fields.Datetime.now() - timedelta(70)
        )

    def _panel(self, partner):
        return partner.with_user(self.accountant)

    def test_figures(self):
        alpha = self._panel(self.alpha)
        self.assertEqual(
            alpha.customer_zone_last_invited_on, datetime(2026, 1, 7, 10, 0)
        )
        self.assertEqual(alpha.customer_zone_first_login, self.first_login)
        self.assertEqual(alpha.customer_zone_last_login, self.last_login)
        self.assertEqual(alpha.customer_zone_login_count, 3, "the failure too")
        self.assertEqual(alpha.customer_zone_views_this_month, 2)
        self.assertEqual(alpha.customer_zone_document_count, 3)
        self.assertEqual(alpha.customer_zone_unviewed_count, 1, "the quotation")
        beta = self._panel(self.beta)
        self.assertFalse(beta.customer_zone_last_invited_on)
        self.assertFalse(beta.customer_zone_last_login)
        self.assertEqual(beta.customer_zone_login_count, 0)
        self.assertEqual(beta.customer_zone_document_count, 0)

    def test_a_contact_shows_its_customer(self):
        buyer = self._panel(self.alpha_buyer)
        self.assertEqual(buyer.customer_zone_views_this_month, 2)
        self.assertEqual(buyer.customer_zone_document_count, 3)

    def test_a_fixed_number_of_queries(self):
        def count(partners):
            partners = partners.with_user(self.accountant)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partners.mapped("customer_zone_unviewed_count")
            return self.cr.sql_log_count - before

        many = self.alpha | self.beta | self.alpha_buyer
        count(many)  # warm-up: the record rules' domains, cached
        self.assertEqual(count(self.alpha), count(many))

    def test_buttons_open_the_reports_on_the_customer(self):
        alpha = self._panel(self.alpha_buyer)
        for method, model in (
            ("action_customer_zone_logins", "customer.zone.login.event"),
            ("action_customer_zone_views", "customer.zone.view.event"),
            ("action_customer_zone_documents", "customer.zone.document"),
            ("action_customer_zone_unviewed_documents", "customer.zone.document"),
        ):
            with self.subTest(method=method):
                action = getattr(alpha, method)()
                self.assertEqual(action["res_model"], model)
                self.assertEqual(action["domain"], [("partner_id", "=", self.alpha.id)])
                self.assertIn(self.alpha.name, action["name"])
        unviewed = alpha.action_customer_zone_unviewed_documents()
        self.assertEqual(unviewed["context"], {"search_default_not_viewed": 1})
        rows = (
            self.env["customer.zone.document"]
            .with_user(self.accountant)
            .search(unviewed["domain"] + [("viewed", "=", False)])
        )
        self.assertEqual(rows.order_id, self.quote)
