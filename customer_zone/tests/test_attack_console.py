"""Attack review of the accountants' console (issue 12): the first three
tests proved holes, fixed since (a link to an invoice reset to draft, two
reloads at once counted twice, a billing administrator changing a shared
banner); test_held_* records what held."""

import psycopg2

from odoo import sql_db
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon

PDF = b"%PDF-1.4\n% a file for the customer\n"
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQ"
    "GAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestAttackConsole(CustomerZoneHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.token = cls.invoice._portal_ensure_token()
        cls.file = cls.env["ir.attachment"].create(
            {
                "name": "Terms.pdf",
                "raw": PDF,
                "res_model": "account.move",
                "res_id": cls.invoice.id,
                "customer_zone_visible": True,
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "CZ Other Co"})

    def _user(self, login, groups, company):
        return new_test_user(
            self.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[company.id],
        )

    # ------------------------------------------------------------------
    # holes found, fixed
    # ------------------------------------------------------------------
    def test_held_register_stays_in_its_company(self):
        """A billing user of another company reads no register row (the rule
        'documents of the selected companies')."""
        spy = self._user("cz_spy", "account.group_account_invoice", self.other_company)
        self.assertFalse(
            self.env["account.move"]
            .with_user(spy)
            .search([("id", "=", self.invoice.id)]),
            "the move itself is hidden from the other company",
        )
        rows = (
            self.env["customer.zone.document"]
            .with_user(spy)
            .search_read([("move_id", "=", self.invoice.id)], ["name", "amount"])
        )
        self.assertEqual(rows, [], "register rows of another company leak")

    def test_concurrent_reloads_count_once(self):
        """Two requests of the same view at once: the window's NOT EXISTS
        does not see the other's uncommitted row, so both inserted (a
        customer firing parallel reloads inflated its views); the key of the
        window's slice of time lets one through."""
        view = {
            "partner_id": self.env.ref("base.partner_admin").id,
            "user_id": None,
            "company_id": self.env.ref("base.main_company").id,
            "target": "statement",
            "kind": "page",
            "access": "link",
            "document_name": "cz attack race",
            "ip_address": "198.51.100.7",
        }
        Event = self.env["customer.zone.view.event"]
        connection = sql_db.db_connect(self.env.cr.dbname)
        first, second = connection.cursor(), connection.cursor()
        try:
            inserted = Event._insert_views(first, [view])
            # the second meets the first's key and waits for its transaction;
            # the lock timeout ends the wait (in a request: logged, nothing
            # written)
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                inserted += Event._insert_views(second, [view])
        finally:
            for cr in (first, second):
                cr.rollback()
                cr.close()
        self.assertEqual(inserted, 1, "one view, counted once")

    def test_link_to_a_draft_or_cancelled_invoice_is_refused(self):
        """An invoice reset to draft, then cancelled, is out of the zone for
        its customer (core's rule, the register), yet its e-mailed link still
        opens its page and downloads its zone files (and counts views)."""
        self.authenticate(None, None)
        token = f"access_token={self.token}"
        urls = (
            f"/my/zone_files/{self.file.id}?{token}",
            f"/my/invoices/{self.invoice.id}?{token}",
        )
        for move_action in ("button_draft", "button_cancel"):
            getattr(self.invoice, move_action)()
            for url in urls:
                with self.subTest(state=self.invoice.state, url=url):
                    self.assertNotEqual(self._get(url).status_code, 200)

    def test_billing_admin_cannot_change_a_shared_banner(self):
        """A billing administrator of one company edits a shared library image
        that another company shows as its zone banner: that company's
        customers now see the image he chose (or none, if he deletes it)."""
        ocean = self.env.ref("customer_zone.customer_zone_brand_image_ocean")
        self.other_company.customer_zone_brand_banner_id = ocean
        before = self.other_company.customer_zone_brand_banner_version
        admin = self._user("cz_badmin", "account.group_account_manager", self.company)
        with self.assertRaises(AccessError):
            ocean.with_user(admin).image = PNG
        self.other_company.invalidate_recordset()
        self.assertEqual(self.other_company.customer_zone_brand_banner_version, before)

    # ------------------------------------------------------------------
    # what held
    # ------------------------------------------------------------------
    def test_held_portal_rpc_token_and_bad_input(self):
        self.authenticate("cz_beta", "cz_beta")
        calls = [
            ("customer.zone.view.event", "search_read", [[]]),
            (
                "customer.zone.view.event",
                "read_group",
                [[], ["partner_id"], ["partner_id"]],
            ),
            (
                "customer.zone.document",
                "web_search_read",
                [[]],
                {"specification": {"name": {}}},
            ),
            ("customer.zone.document", "export_data", [[1], ["name"]]),
            ("customer.zone.brand.image", "search_read", [[]]),
            ("ir.attachment", "search_read", [[("res_model", "=", "account.move")]]),
            (
                "ir.attachment",
                "write",
                [[self.file.id], {"customer_zone_visible": True}],
            ),
            (
                "res.company",
                "write",
                [[self.company.id], {"customer_zone_brand_primary_color": "#000000"}],
            ),
        ]
        for model, method, args, *kwargs in calls:
            with self.subTest(model=model, method=method), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(model, method, args, *kwargs)
        other = self._invoice(self.beta, 50, "2026-01-11")
        for url in (
            f"/my/zone_files/{self.file.id}",  # another customer's file
            f"/my/zone_files/{self.file.id}?access_token={other._portal_ensure_token()}",
            "/my/zone_files/99999999999999999999",
            "/my/zone_files/-1",
            "/my/zone_files/abc",
        ):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        with self.assertRaises(ValidationError):
            self.company.customer_zone_brand_primary_color = "red;}body{display:none"
        self._user("cz_sales", "sales_team.group_sale_salesman", self.company)
        self.authenticate("cz_sales", "cz_sales")
        for report in ("view_event_xlsx", "document_xlsx", "login_event_xlsx"):
            with self.subTest(report=report), mute_logger("odoo.http"):
                url = f"/report/xlsx/customer_zone.{report}/1"
                self.assertIn(self._get(url).status_code, (403, 404))

    def test_held_readonly_routes_write_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with self.assertNoLogs("odoo.http", "WARNING"):
            for url in (
                "/my/statement",
                "/my/outstanding",
                f"/my/zone_files/{self.file.id}",
            ):
                self.assertEqual(self._get(url).status_code, 200, url)
        self.assertTrue(
            self.env["customer.zone.view.event"].search_count(
                [("partner_id", "=", self.alpha.id)]
            )
        )
