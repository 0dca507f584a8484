import base64
import io
import re

from PIL import Image

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, JsonRpcException, new_test_user, tagged
from odoo.tools import SQL, file_open, mute_logger

from .common import CustomerZoneCommon, CustomerZoneHttpCommon

# what an attacker would type as a colour, and near misses of the pattern
BAD_COLORS = [
    "red;}body{display:none",
    "red",
    "#12345",
    "#1234567",
    "#12345g",
    "#aabbcc\n",
    " #aabbcc",
    "#aabbcc;}",
    "url(x)",
]
INJECTION = "red;}body{display:none"


def png(color, size=(60, 30)):
    """A small PNG of one colour, base64-encoded as image fields take it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def library_png(name):
    with file_open(f"customer_zone/static/img/brand/banner_{name}.png", "rb") as f:
        return base64.b64encode(f.read())


class BrandingCommon(CustomerZoneCommon):
    """Company A (the test's) and company B, each with a portal customer;
    an accounting manager who may open Settings and a billing user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's look to start with, whatever the database carries
        cls.company.write(
            {
                "customer_zone_brand_primary_color": False,
                "customer_zone_brand_secondary_color": False,
                "customer_zone_brand_logo": False,
                "customer_zone_brand_banner_id": False,
                "customer_zone_brand_banner": False,
                "customer_zone_brand_welcome": False,
            }
        )
        cls.company_b = cls.env["res.company"].create({"name": "Zone Company B"})
        cls.gamma_b = cls.env["res.partner"].create(
            {"name": "Gamma B", "email": "gamma@b-company.test", "is_company": True}
        )
        cls.user_b = new_test_user(
            cls.env,
            login="cz_brand_b",
            password="cz_brand_b",
            groups="base.group_portal",
            partner_id=cls.gamma_b.id,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="cz_brand_manager",
            groups="account.group_account_manager,base.group_system",
            company_id=cls.company.id,
        )
        cls.biller = new_test_user(
            cls.env,
            login="cz_brand_biller",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )
        # an accounting manager without the Settings rights: keeps the library
        cls.librarian = new_test_user(
            cls.env,
            login="cz_brand_librarian",
            groups="account.group_account_manager",
            company_id=cls.company.id,
        )
        cls.ocean = cls.env.ref("customer_zone.customer_zone_brand_image_ocean")
        cls.slate = cls.env.ref("customer_zone.customer_zone_brand_image_slate")

    def _brand(self, company, **values):
        company.write(
            {
                "customer_zone_brand_primary_color": "#1F6F8B",
                "customer_zone_brand_secondary_color": "#f2a541",
                "customer_zone_brand_logo": png((31, 111, 139)),
                "customer_zone_brand_banner_id": self.ocean.id,
                "customer_zone_brand_welcome": "<p>Welcome to the Alpha zone</p>",
                **values,
            }
        )


@tagged("post_install", "-at_install")
class TestBrandingSettings(BrandingCommon):
    """What accountants may set, and what is refused."""

    def test_colours_are_refused_unless_rrggbb(self):
        self.company.customer_zone_brand_primary_color = "#1f6f8b"
        for bad in BAD_COLORS:
            for field_name in (
                "customer_zone_brand_primary_color",
                "customer_zone_brand_secondary_color",
            ):
                with (
                    self.subTest(color=bad, field=field_name),
                    self.assertRaises(ValidationError),
                ):
                    self.company.write({field_name: bad})
                    self.company.flush_recordset()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.customer_zone_brand_primary_color, "#1f6f8b")
        self.assertFalse(self.company.customer_zone_brand_secondary_color)
        # upper case and empty are fine: empty means Odoo's colours
        self.company.customer_zone_brand_secondary_color = "#F2A541"
        self.company.customer_zone_brand_primary_color = False
        branding = self.company._customer_zone_branding()
        self.assertEqual(branding["classes"], "o_customer_zone_secondary")
        self.assertIn(
            ("--customer-zone-secondary", "#f2a541"), branding["css_variables"]
        )

    def test_bad_colour_is_refused_on_the_settings_form(self):
        settings = Form(self.env["res.config.settings"].with_user(self.manager))
        settings.customer_zone_brand_primary_color = INJECTION
        with self.assertRaises(ValidationError):
            settings.save()
        self.assertFalse(self.company.customer_zone_brand_primary_color)

    def test_settings_round_trip_as_accounting_manager(self):
        logo = png((200, 30, 30))
        settings = Form(self.env["res.config.settings"].with_user(self.manager))
        settings.customer_zone_brand_primary_color = "#123456"
        settings.customer_zone_brand_secondary_color = "#abcdef"
        settings.customer_zone_brand_logo = logo
        settings.customer_zone_brand_banner_id = self.slate
        settings.customer_zone_brand_welcome = "<p>Hello from us</p>"
        settings.save().execute()

        company = self.company
        self.assertEqual(company.customer_zone_brand_primary_color, "#123456")
        self.assertEqual(company.customer_zone_brand_secondary_color, "#abcdef")
        self.assertEqual(company.customer_zone_brand_banner_id, self.slate)
        self.assertEqual(company.customer_zone_brand_welcome, "<p>Hello from us</p>")
        self.assertTrue(company.customer_zone_brand_logo_version)
        self.assertEqual(company.customer_zone_brand_banner_shown, library_png("slate"))

        again = Form(self.env["res.config.settings"].with_user(self.manager))
        self.assertEqual(again.customer_zone_brand_primary_color, "#123456")
        self.assertEqual(again.customer_zone_brand_secondary_color, "#abcdef")
        self.assertEqual(again.customer_zone_brand_banner_id, self.slate)
        self.assertEqual(again.customer_zone_brand_welcome, "<p>Hello from us</p>")
        self.assertTrue(again.customer_zone_brand_logo)

        # clearing them gives Odoo's look back
        again.customer_zone_brand_primary_color = False
        again.customer_zone_brand_secondary_color = False
        again.customer_zone_brand_banner_id = self.env["customer.zone.brand.image"]
        again.save().execute()
        branding = company._customer_zone_branding()
        self.assertEqual(branding["css_variables"], [])
        self.assertFalse(branding["banner_url"])

    def test_billing_user_cannot_write_the_branding(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.biller).write(
                {"customer_zone_brand_primary_color": "#000000"}
            )
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.biller).create(
                {"customer_zone_brand_primary_color": "#000000"}
            )
        with self.assertRaises(AccessError):
            self.env["customer.zone.brand.image"].with_user(self.biller).create(
                {"name": "Mine", "image": png((0, 0, 0))}
            )
        self.assertFalse(self.company.customer_zone_brand_primary_color)
        # the library is theirs to read
        self.assertIn(
            self.ocean,
            self.env["customer.zone.brand.image"].with_user(self.biller).search([]),
        )

    def test_welcome_text_is_sanitized(self):
        self.company.customer_zone_brand_welcome = (
            '<p>Hello</p><script>alert("x")</script>'
            '<img src="x" onerror="alert(1)"/><a href="javascript:alert(2)">go</a>'
        )
        welcome = self.company.customer_zone_brand_welcome
        self.assertIn("<p>Hello</p>", welcome)
        for forbidden in ("<script", "alert(", "onerror", "javascript:"):
            self.assertNotIn(forbidden, welcome)
        self.company.customer_zone_brand_welcome = "<p><br></p>"
        self.assertFalse(self.company._customer_zone_branding()["welcome"])

    def test_banner_from_the_library_or_uploaded(self):
        company = self.company
        company.customer_zone_brand_banner_id = self.ocean
        self.assertEqual(company.customer_zone_brand_banner_shown, library_png("ocean"))
        library_version = company.customer_zone_brand_banner_version
        self.assertTrue(library_version)

        own = png((10, 20, 30), size=(400, 80))
        company.customer_zone_brand_banner = own
        self.assertEqual(company.customer_zone_brand_banner_shown, own, "own first")
        self.assertNotEqual(company.customer_zone_brand_banner_version, library_version)

        company.customer_zone_brand_banner = False
        self.assertEqual(company.customer_zone_brand_banner_version, library_version)

        # a new image in the library reaches the zone, with a new URL (the
        # company's copy is written as the system); a shared image is the
        # administrator's to change (TestAttackConsole)
        self.ocean.with_user(self.manager).image = png((1, 2, 3), size=(400, 80))
        self.assertEqual(company.customer_zone_brand_banner_shown, self.ocean.image)
        self.assertNotEqual(company.customer_zone_brand_banner_version, library_version)

        # deleting the image takes the banner away
        self.ocean.with_user(self.manager).unlink()
        self.assertFalse(company.customer_zone_brand_banner_id)
        self.assertFalse(company.customer_zone_brand_banner_shown)
        self.assertFalse(company._customer_zone_branding()["banner_url"])

    def test_library_is_per_company(self):
        Library = self.env["customer.zone.brand.image"]
        mine_b = Library.create(
            {"name": "B only", "image": png((9, 9, 9)), "company_id": self.company_b.id}
        )
        with self.assertRaises(ValidationError):
            self.company.customer_zone_brand_banner_id = mine_b
        self.company_b.customer_zone_brand_banner_id = mine_b
        self.assertEqual(self.company_b.customer_zone_brand_banner_shown, mine_b.image)
        manager_b = new_test_user(
            self.env,
            login="cz_brand_manager_b",
            groups="account.group_account_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        self.assertNotIn(mine_b, Library.with_user(self.manager).search([]))
        self.assertIn(self.ocean, Library.with_user(self.manager).search([]))
        self.assertIn(mine_b, Library.with_user(manager_b).search([]))
        self.assertEqual(mine_b.company_count, 1)
        # an accounting manager keeps his companies' images, not shared ones
        own = Library.with_user(self.librarian).create(
            {
                "name": "Alpha only",
                "image": png((5, 5, 5)),
                "company_id": self.company.id,
            }
        )
        own.name = "Alpha banner"
        with self.assertRaises(AccessError):
            self.ocean.with_user(self.librarian).name = "Renamed"
        self.assertEqual(self.ocean.name, "Ocean")


@tagged("post_install", "-at_install")
class TestBrandingPages(BrandingCommon, CustomerZoneHttpCommon):
    """The zone's pages wear the company's branding; nothing else does."""

    def _logo_url(self, company):
        return (
            f"/web/image/res.company/{company.id}/customer_zone_brand_logo"
            f"?unique={company.customer_zone_brand_logo_version}"
        )

    def _banner_url(self, company):
        return (
            f"/web/image/res.company/{company.id}/customer_zone_brand_banner_shown"
            f"?unique={company.customer_zone_brand_banner_version}"
        )

    def _assert_branded(self, html, company, color="#1f6f8b"):
        style = re.search(
            r'<style id="customer_zone_branding_style">(.*?)</style>', html, re.S
        )
        self.assertTrue(style, "the zone's colours are on the page")
        self.assertIn(f"--customer-zone-primary: {color};", style.group(1))
        self.assertIn("--customer-zone-primary-rgb: 31, 111, 139;", style.group(1))
        self.assertRegex(
            html, r'<div id="wrapwrap" class="[^"]*\bo_customer_zone_primary\b'
        )
        self.assertIn(f'src="{self._logo_url(company)}"', html.replace("&amp;", "&"))

    def test_branding_shows_on_the_zone_pages(self):
        self._brand(self.company)
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home")
        self.assertEqual(home.status_code, 200)
        self._assert_branded(home.text, self.company)
        self.assertIn("--customer-zone-secondary: #f2a541;", home.text)
        self.assertIn("Welcome to the Alpha zone", home.text)
        self.assertIn(f'src="{self._banner_url(self.company)}"', home.text)

        invoices = self._get("/my/invoices")
        self.assertEqual(invoices.status_code, 200)
        self._assert_branded(invoices.text, self.company)
        self.assertNotIn("Welcome to the Alpha zone", invoices.text, "home only")

    def test_customers_load_the_images_others_do_not(self):
        self._brand(self.company)
        logo = base64.b64decode(self.company.customer_zone_brand_logo)
        banner = base64.b64decode(library_png("ocean"))
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._get(self._logo_url(self.company))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, logo)
        self.assertIn("immutable", response.headers["Cache-Control"])
        self.assertEqual(self._get(self._banner_url(self.company)).content, banner)

        # a customer of company B reads nothing of company A (placeholder)
        self.authenticate("cz_brand_b", "cz_brand_b")
        self.assertNotEqual(self._get(self._logo_url(self.company)).content, logo)
        self.assertNotEqual(self._get(self._banner_url(self.company)).content, banner)

    def test_not_on_the_login_page(self):
        self._brand(self.company)
        self.authenticate(None, None)
        page = self.url_open("/web/login")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("customer_zone_branding_style", page.text)
        self.assertNotIn("#1f6f8b", page.text)
        self.assertNotIn("o_customer_zone_primary", page.text)
        self.assertNotIn("customer_zone_brand_logo", page.text)
        self.assertNotIn("Welcome to the Alpha zone", page.text)

    def test_another_companys_branding_does_not_show(self):
        self._brand(self.company)
        self._brand(
            self.company_b,
            customer_zone_brand_primary_color="#aa0011",
            customer_zone_brand_secondary_color=False,
            customer_zone_brand_logo=png((170, 0, 17)),
            customer_zone_brand_welcome="<p>Bravo welcome</p>",
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/home").text
        self.assertIn("#1f6f8b", page)
        for other in ("#aa0011", "Bravo welcome", self._logo_url(self.company_b)):
            self.assertNotIn(other, page)

        self.authenticate("cz_brand_b", "cz_brand_b")
        page = self._get("/my/home").text
        self.assertIn("--customer-zone-primary: #aa0011;", page)
        self.assertIn("Bravo welcome", page)
        self.assertNotIn("--customer-zone-secondary", page, "B chose none")
        for other in ("#1f6f8b", "Alpha zone", self._logo_url(self.company)):
            self.assertNotIn(other, page)

        # nor with the unbranded company: Odoo's look
        self.company.write(
            {
                "customer_zone_brand_primary_color": False,
                "customer_zone_brand_secondary_color": False,
                "customer_zone_brand_logo": False,
                "customer_zone_brand_banner_id": False,
                "customer_zone_brand_welcome": False,
            }
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/home").text
        self.assertNotIn("customer_zone_branding_style", page)
        self.assertNotIn("o_customer_zone_hero", page)
        self.assertIn(f'src="/logo.png?company={self.company.id}"', page)

    def test_a_bad_colour_is_never_rendered(self):
        self._brand(self.company)
        # a value that got past the constraint (SQL, an old import)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET customer_zone_brand_primary_color = %s "
                "WHERE id = %s",
                INJECTION,
                self.company.id,
            )
        )
        self.company.invalidate_recordset()
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/home").text
        self.assertNotIn("display:none", page)
        self.assertNotIn("--customer-zone-primary", page)
        self.assertNotIn("o_customer_zone_primary", page)
        self.assertIn("--customer-zone-secondary: #f2a541;", page, "the valid one")

    def test_welcome_script_is_not_rendered(self):
        self._brand(
            self.company,
            customer_zone_brand_welcome=(
                "<p>Dear customer</p><script>alert('zone')</script>"
                '<img src="x" onerror="alert(1)"/>'
            ),
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/home").text
        welcome = re.search(
            r'<div class="o_customer_zone_welcome[^"]*">(.*?)</div>', page, re.S
        ).group(1)
        self.assertIn("<p>Dear customer</p>", welcome)
        self.assertNotIn("alert('zone')", page)
        self.assertNotIn("alert(1)", page)
        self.assertNotIn("onerror", welcome)

    @mute_logger("odoo.http")
    def test_portal_users_cannot_change_or_read_the_library(self):
        self._brand(self.company)
        self.authenticate("cz_alpha", "cz_alpha")
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.company",
                "write",
                [[self.company.id], {"customer_zone_brand_primary_color": "#000000"}],
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "customer.zone.brand.image", "search_read", [[]], {"fields": ["name"]}
            )
        self.company.invalidate_recordset()
        self.assertEqual(self.company.customer_zone_brand_primary_color, "#1F6F8B")

    def test_branding_costs_no_query(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.url_open("/my/home")  # compile templates, warm routing
        plain = self._page_query_count("/my/home")
        self._brand(self.company)
        self.url_open("/my/home")
        branded = self._page_query_count("/my/home")
        self.assertEqual(branded, plain)
        with self.assertQueryCount(plain):
            page = self.url_open("/my/home")
        self.assertIn("Welcome to the Alpha zone", page.text)
