import base64
import re

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerZoneDemoCase, CustomerZoneHttpCommon, NoWallClock
from .credit_common import CustomerZoneCreditCommon

NAME = re.compile(r'o_customer_zone_catalog_name">([^<]*)<')
PRICE = re.compile(
    r'o_customer_zone_catalog_price"[^>]*>.*?oe_currency_value">([^<]*)<', re.S
)
SUBMIT_KEY = re.compile(r'name="submit_key" value="([0-9a-f]+)"')
QUANTITY = re.compile(r'name="qty_(\d+)" value="([^"]*)"')
# a PNG of one pixel
PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
    "AAAABJRU5ErkJggg=="
)


class CatalogMixin:
    """The catalog's fixtures, on the zone's (no taxes): products published
    (list price 100, 200 ...), one of each kind the catalog leaves out;
    Alpha (hence its buyer) allowed, at a pricelist 10% off; of Beta, only
    its clerk. The company sends quotations; Alpha's salesperson is Sam."""

    @classmethod
    def _setup_catalog(cls):
        group = cls.env.ref("product.group_product_pricelist")
        cls.env.ref("base.group_user").write({"implied_ids": [Command.link(group.id)]})
        cls.company.write(
            {
                "customer_zone_catalog_submit": "quotation",
                "portal_confirmation_sign": True,
                "portal_confirmation_pay": False,
            }
        )
        # the catalog is the test's own (not the demo's)
        cls.env["product.template"].search(
            [("customer_zone_catalog", "=", True)]
        ).customer_zone_catalog = False
        cls.category = cls.env["product.category"].create({"name": "Zone tools"})
        cls.published = cls._catalog_products(3)
        cls.unpublished = cls._catalog_product("Hidden drill", published=False)
        cls.not_sold = cls._catalog_product("Internal ladder", sale_ok=False)
        cls.archived = cls._catalog_product("Old saw")
        cls.archived.action_archive()
        cls.other_company = cls.env["res.company"].create({"name": "Other Zone Co"})
        cls.foreign = cls._catalog_product("Foreign hammer", company=cls.other_company)
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Alpha trade",
                "currency_id": cls.company.currency_id.id,
                "company_id": cls.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    )
                ],
            }
        )
        cls.seller = new_test_user(
            cls.env,
            login="cz_catalog_seller",
            groups="sales_team.group_sale_salesman",
            name="Sam Catalog",
            email="sam@catalog.test",
            company_id=cls.company.id,
        )
        cls.alpha.write(
            {
                "customer_zone_catalog_access": True,
                "property_product_pricelist": cls.pricelist.id,
                "user_id": cls.seller.id,
            }
        )
        cls.beta_clerk = cls.env["res.partner"].create(
            {
                "name": "Beta Clerk",
                "parent_id": cls.beta.id,
                "email": "clerk@beta.test",
                "customer_zone_catalog_access": True,
            }
        )
        cls.user_beta_clerk = cls._portal_user("cz_beta_clerk", cls.beta_clerk)

    @classmethod
    def _catalog_product(cls, name, price=100.0, published=True, **values):
        company = values.pop("company", None)
        return (
            cls.env["product.product"]
            .with_company(company or cls.company)
            .create(
                {
                    "name": name,
                    "type": "consu",
                    "list_price": price,
                    "default_code": values.pop("code", False),
                    "taxes_id": [Command.clear()],
                    "customer_zone_catalog": published,
                    "company_id": company.id if company else False,
                    **values,
                }
            )
        )

    @classmethod
    def _catalog_products(cls, count, start=1):
        return cls.env["product.product"].concat(
            *(
                cls._catalog_product(
                    f"Zone tool {number:03d}",
                    price=100.0 * number,
                    code=f"ZT-{number:03d}",
                    categ_id=cls.category.id,
                )
                for number in range(start, start + count)
            )
        )

    # ------------------------------------------------------------------
    # requests
    # ------------------------------------------------------------------
    def _catalog(self, url="/my/catalog"):
        response = self.url_open(url, allow_redirects=False)
        return response, NAME.findall(response.text)

    def _submit(self, quantities, key=None, form_url="/my/catalog", **extra):
        """POST the catalog's form (its submit key from the page unless
        given) with ``quantities`` ({product: qty} or a list of pairs)."""
        if key is None:
            key = SUBMIT_KEY.search(self.url_open(form_url).text).group(1)
        if isinstance(quantities, dict):
            quantities = list(quantities.items())
        data = [("csrf_token", self._csrf()), ("submit_key", key)]
        data += [
            (f"qty_{getattr(product, 'id', product)}", str(qty))
            for product, qty in quantities
        ]
        data += list(extra.items())
        return self.url_open("/my/catalog/submit", data=data, allow_redirects=False)

    def _csrf(self):
        return http.Request.csrf_token(self)

    def setUp(self):
        super().setUp()
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM sale_order")
        self.last_order_id = self.env.cr.fetchone()[0]

    def _orders(self):
        """The orders the catalog created in this test."""
        return self.env["sale.order"].search(
            [
                ("customer_zone_catalog_key", "!=", False),
                ("id", ">", self.last_order_id),
            ]
        )

    @staticmethod
    def _messages(response):
        return re.findall(r'o_customer_zone_message"[^>]*>([^<]*)<', response.text)


@tagged("post_install", "-at_install")
class TestCatalogPage(CatalogMixin, CustomerZoneHttpCommon):
    """Who sees the catalog, and what it shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_catalog()

    def test_published_products_at_the_customers_prices(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response, names = self._catalog()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            names, [f"[ZT-00{n}] Zone tool 00{n}" for n in (1, 2, 3)], "published only"
        )
        self.assertEqual(PRICE.findall(response.text), ["90.00", "180.00", "270.00"])
        for image in self.published:
            self.assertIn(
                f"/web/image/product.product/{image.id}/image_256?", response.text
            )

    def test_image_by_its_url_only_with_the_pages_token(self):
        product, hidden = self.published[0], self.unpublished
        (product | hidden).image_1920 = PIXEL
        self.authenticate("cz_alpha", "cz_alpha")
        text = self.url_open("/my/catalog").text
        url = re.search(
            rf'src="(/web/image/product.product/{product.id}/[^"]+)"', text
        ).group(1)
        url = url.replace("&amp;", "&")
        image = base64.b64decode(product.image_256)
        self.assertEqual(self.url_open(url).content, image)
        # the token is this product's: another's image is not served with it
        other = url.replace(f"/{product.id}/", f"/{hidden.id}/")
        self.assertNotEqual(self.url_open(other).content, image)

    def test_who_sees_it(self):
        cases = (
            ("cz_alpha", 200),  # the company is allowed
            ("cz_alpha_buyer", 200),  # hence its contacts
            ("cz_beta_clerk", 200),  # a contact allowed alone
            ("cz_beta", 404),  # its company is not
        )
        for login, status in cases:
            with self.subTest(login=login):
                self.authenticate(login, login)
                self.assertEqual(self._catalog()[0].status_code, status)
                home = self.url_open("/my/home").text
                self.assertEqual('href="/my/catalog"' in home, status == 200)

    def test_public_is_sent_to_the_login(self):
        self.authenticate(None, None)
        response, _names = self._catalog()
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_zone_without_the_page_or_blocked(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.company.customer_zone_mode = "invoices"
        self.assertEqual(self._catalog()[0].status_code, 404)
        self.company.customer_zone_mode = "account"
        self.alpha.customer_zone_access = "blocked"
        self.assertEqual(self._catalog()[0].status_code, 404)

    def test_search_and_category(self):
        self.authenticate("cz_alpha", "cz_alpha")
        other = self.env["product.category"].create({"name": "Other tools"})
        self._catalog_product("Spirit level", code="LVL-1", categ_id=other.id)
        _response, names = self._catalog("/my/catalog?search=ZT-002")
        self.assertEqual(names, ["[ZT-002] Zone tool 002"], "by internal reference")
        _response, names = self._catalog("/my/catalog?search=spirit")
        self.assertEqual(names, ["[LVL-1] Spirit level"], "by name")
        _response, names = self._catalog(f"/my/catalog?category={other.id}")
        self.assertEqual(names, ["[LVL-1] Spirit level"])
        response, names = self._catalog("/my/catalog?category=zz_nope")
        self.assertEqual(len(names), 4, "an unknown category is ignored")
        self.assertTrue(self._messages(response))
        _response, names = self._catalog(f"/my/catalog?category={self.category.id}")
        self.assertEqual(len(names), 3)

    def test_the_page_writes_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.env.flush_all()
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        [last_message] = self.env.cr.fetchone()
        self._catalog()
        self._catalog("/my/catalog?search=tool&category=" + str(self.category.id))
        self.env.cr.execute(
            "SELECT COUNT(*) FROM mail_message WHERE id > %s", [last_message]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertFalse(self._orders())

    def test_constant_queries(self):
        """2 or 40 products, on their first visit or a later one: the same
        queries (prices for the page at once, images by URL, nothing
        written)."""
        self.published.customer_zone_catalog = False
        warm = self.env["product.category"].create({"name": "Warm"})
        self._catalog_product("Warm product", categ_id=warm.id)
        self.authenticate("cz_alpha", "cz_alpha")
        self.url_open("/my/catalog")  # compile the templates, warm the routing
        counts = {}
        for count, start in ((1, 100), (38, 200)):
            self._catalog_products(count, start=start)
            # creating products empties the registry's caches: refill them
            # on the page of another product, then the products' first visit
            self.url_open(f"/my/catalog?category={warm.id}")
            first = self._page_query_count("/my/catalog")
            counts[count] = (first, self._page_query_count("/my/catalog"))
        self.assertEqual(len(self._catalog()[1]), 40)
        self.assertEqual(counts[38], counts[1], "2 or 40 products, the same queries")
        self.assertEqual(counts[1][0], counts[1][1], "first visit = later visit")
        self.assertLessEqual(counts[1][1], 20)
        with self.assertQueryCount(counts[1][1]):
            self.url_open("/my/catalog")


@tagged("post_install", "-at_install")
class TestCatalogOrders(CatalogMixin, CustomerZoneHttpCommon):
    """Submitting the form: a quotation or an order, priced on the server;
    one order per form; order again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_catalog()

    def test_quotation_at_the_pricelist_prices(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        first, second = self.published[:2]
        response = self._submit({first: 2, second: "1.5"})
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            f"/my/orders/{order.id}?message=cz_catalog_quotation",
            response.headers["Location"],
        )
        self.assertEqual(order.partner_id, self.alpha_buyer, "the contact who ordered")
        self.assertEqual(order.partner_invoice_id.commercial_partner_id, self.alpha)
        self.assertEqual(order.pricelist_id, self.pricelist)
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.customer_zone_published)
        self.assertEqual(order.user_id, self.seller)
        self.assertEqual(
            [
                (line.product_id, line.product_uom_qty, line.price_unit)
                for line in order.order_line
            ],
            [(first, 2.0, 90.0), (second, 1.5, 180.0)],
        )
        self.assertEqual(order.amount_total, 450.0)
        note = order.message_ids.filtered(lambda m: "catalog" in (m.body or ""))
        self.assertEqual(note.partner_ids, self.seller.partner_id, "the seller is told")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("your quotation is ready", page)
        self.assertIn('data-bs-target="#modalaccept"', page, "to accept and sign")
        quotes = self.url_open("/my/quotes").text
        self.assertIn(order.name, quotes)

    def test_prices_never_come_from_the_form(self):
        self.authenticate("cz_alpha", "cz_alpha")
        product = self.published[0]
        self._submit({product: 1}, price_unit="1", amount_total="1", pricelist_id="1")
        self.assertEqual(self._orders().order_line.price_unit, 90.0)

    def test_order_confirmed_when_settings_say_so(self):
        self.company.customer_zone_catalog_submit = "order"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertIn("Place the order", self.url_open("/my/catalog").text)
        response = self._submit({self.published[0]: 3})
        order = self._orders()
        self.assertEqual(order.state, "sale")
        self.assertIn("message=cz_catalog_confirmed", response.headers["Location"])
        self.assertIn(
            "your order is confirmed", self.url_open(response.headers["Location"]).text
        )

    def test_order_to_pay_first_stays_a_quotation(self):
        self.company.write(
            {"customer_zone_catalog_submit": "order", "portal_confirmation_pay": True}
        )
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._submit({self.published[0]: 1})
        order = self._orders()
        self.assertEqual(order.state, "draft")
        self.assertIn("message=cz_catalog_to_pay", response.headers["Location"])
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Pay it to have it confirmed", page)

    def test_double_submit_makes_one_order(self):
        self.authenticate("cz_alpha", "cz_alpha")
        key = SUBMIT_KEY.search(self.url_open("/my/catalog").text).group(1)
        first = self._submit({self.published[0]: 1}, key=key)
        again = self._submit({self.published[0]: 1}, key=key)
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(again.status_code, 303)
        self.assertEqual(
            again.headers["Location"].split("?")[0],
            first.headers["Location"].split("?")[0],
        )
        # another customer's key is no key of its: a new order
        self.authenticate("cz_beta_clerk", "cz_beta_clerk")
        self._submit({self.published[0]: 1}, key=key)
        self.assertEqual(len(self._orders()), 2)

    def test_order_again(self):
        first, second = self.published[:2]
        order = self.env["sale.order"].create(
            {
                "partner_id": self.alpha.id,
                "order_line": [
                    Command.create({"product_id": first.id, "product_uom_qty": 4}),
                    Command.create({"product_id": second.id, "product_uom_qty": 1}),
                    Command.create({"product_id": first.id, "product_uom_qty": 2}),
                    Command.create(
                        {"product_id": self.unpublished.id, "product_uom_qty": 7}
                    ),
                ],
            }
        )
        order.action_confirm()
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn(f'href="/my/catalog?reorder={order.id}"', page)
        response = self.url_open(f"/my/catalog?reorder={order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            dict(QUANTITY.findall(response.text)),
            {str(self.published[0].id): "6", str(self.published[1].id): "1"},
            "the order's catalog products, their quantities summed",
        )
        self.assertEqual(len(NAME.findall(response.text)), 2)
        self._submit({self.published[0]: 6, self.published[1]: 1})
        self.assertEqual(self._orders().amount_total, 6 * 90 + 180)

    def test_order_again_of_another_customer(self):
        theirs = self._quotation(self.beta, state="sale")
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(
            self.url_open(f"/my/catalog?reorder={theirs.id}").status_code, 404
        )
        # nor a customer whom the catalog is not shown, of its own order
        mine = self._quotation(self.beta, state="sale")
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(
            self.url_open(f"/my/catalog?reorder={mine.id}").status_code, 404
        )
        self.assertNotIn(
            "/my/catalog?reorder", self.url_open(f"/my/orders/{mine.id}").text
        )


@tagged("post_install", "-at_install")
class TestCatalogCredit(CatalogMixin, CustomerZoneCreditCommon):
    """An order from the catalog follows the zone's credit rules: a blocked
    customer gets the quotation and why, not a confirmed order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_catalog()
        cls.company.customer_zone_catalog_submit = "order"

    def test_blocked_order_stays_a_quotation(self):
        self.authenticate("cz_alpha", "cz_alpha")
        # 400 available; 5 x 90 = 450 is over it, and the policy blocks
        response = self._submit({self.published[0]: 5})
        order = self._orders()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.customer_zone_published)
        self.assertIn("message=cz_catalog_refused", response.headers["Location"])
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("could not be confirmed online", page)
        self.assertIn("customer_zone_credit_alert", page)
        self.assertIn("This order cannot be accepted online yet.", page)

    def test_order_within_the_balance_is_confirmed(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._submit({self.published[0]: 4})  # 360 of 400
        self.assertEqual(self._orders().state, "sale")


@tagged("post_install", "-at_install")
class TestCatalogDemo(CustomerZoneDemoCase):
    """The demo: eight products published, Acme allowed, Bluebird not."""

    def test_demo_catalog(self):
        Product = self.env["product.product"]
        published = Product.search(
            Product._customer_zone_catalog_domain(self.env.company)
        )
        self.assertGreaterEqual(len(published), 8)
        self.assertTrue(self.acme._customer_zone_catalog_allowed())
        self.assertTrue(self.acme_buyer._customer_zone_catalog_allowed())
        self.assertFalse(self.bluebird._customer_zone_catalog_allowed())


@tagged("post_install", "-at_install")
class TestCatalogAcceptance(NoWallClock, CatalogMixin, HttpCase):
    """The acceptance, on the demo: Acme orders five products from the
    catalog and finds its quotation in its zone at its pricelist's prices."""

    def test_acme_orders_five_products(self):
        acme = self.env.ref("customer_zone.partner_acme_demo")
        self.authenticate("acme", "acme")
        response = self.url_open("/my/catalog")
        self.assertEqual(response.status_code, 200)
        ids = [int(i) for i, _qty in QUANTITY.findall(response.text)]
        self.assertGreaterEqual(len(ids), 8, "the demo publishes eight products")
        chosen = self.env["product.product"].browse(ids[:5])
        response = self._submit(dict(zip(chosen, (1, 2, 3, 4, 5), strict=True)))
        self.assertEqual(response.status_code, 303)
        order = self._orders().filtered(lambda o: o.partner_id == acme)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.product_id, chosen)
        pricelist = acme.with_company(order.company_id).property_product_pricelist
        self.assertEqual(order.pricelist_id, pricelist)
        for line in order.order_line:
            self.assertAlmostEqual(
                line.price_unit,
                pricelist._get_product_price(line.product_id, line.product_uom_qty),
            )
            self.assertAlmostEqual(line.price_unit, line.product_id.lst_price * 0.9)
        quotes = self.url_open("/my/quotes").text
        self.assertIn(order.name, quotes)
        self.assertIn(f"{order.amount_total:,.2f}", quotes)
