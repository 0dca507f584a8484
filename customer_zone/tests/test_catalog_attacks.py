from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common import CustomerZoneHttpCommon
from .test_catalog import QUANTITY, SUBMIT_KEY, CatalogMixin


@tagged("post_install", "-at_install")
class TestCatalogAttacks(CatalogMixin, CustomerZoneHttpCommon):
    """Hostile input on the catalog's form: a clear message (or a 404),
    never a server error, never an order, never a changed record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_catalog()

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")

    def _refused(self, quantities, *expected, key=None, **extra):
        """The form is refused with ``expected`` among its messages, and no
        order is created."""
        response = self._submit(quantities, key=key, **extra)
        self.assertEqual(response.status_code, 400, response.text[:200])
        messages = self._messages(response)
        for text in expected:
            self.assertTrue(
                any(text in message for message in messages),
                f"{text!r} not in {messages}",
            )
        self.assertFalse(self._orders(), "nothing created")
        return response

    def test_bad_quantities(self):
        product = self.published[0]
        cases = {
            "-1": "is not a quantity",
            "-0.5": "is not a quantity",
            "1e12": "is not a quantity",
            "1000000000000": "is not a quantity",
            "10001": "At most 10000",
            "abc": "is not a quantity",
            "NaN": "is not a quantity",
            "nan": "is not a quantity",
            "inf": "is not a quantity",
            "1e3": "is not a quantity",
            "0x10": "is not a quantity",
            "1,5": "is not a quantity",
            "²": "is not a quantity",
            "١": "is not a quantity",
            "1.0001": "is not a quantity",
            "9" * 5000: "is not a quantity",
            "1\x00": "is not a quantity",
            "<script>": "is not a quantity",
        }
        for value, message in cases.items():
            with self.subTest(value=value[:20]):
                self._refused({product: value}, message)

    def test_one_bad_line_refuses_the_whole_form(self):
        first, second = self.published[:2]
        response = self._refused(
            [(first, "2"), (second, "-3")], "is not a quantity (product #"
        )
        # the form comes back with what was typed
        self.assertIn(f'name="qty_{first.id}" value="2"', response.text)

    def test_empty_or_zero_order(self):
        self._refused({}, "Your order is empty")
        self._refused({self.published[0]: "0"}, "Your order is empty")
        self._refused({self.published[0]: "  "}, "Your order is empty")

    def test_products_outside_the_catalog(self):
        for product in (self.unpublished, self.not_sold, self.archived, self.foreign):
            with self.subTest(product=product.name):
                self._refused(
                    [(self.published[0], "1"), (product, "1")],
                    f"Product #{product.id} is not in the catalog",
                )
        self._refused({987654321: "1"}, "Product #987654321 is not in the catalog")

    def test_bad_product_keys(self):
        for key in ("abc", "-1", "0", "1.5", "9" * 30, "１", ""):
            with self.subTest(key=key):
                self._refused({key: "1"}, "The form named an unknown product.")

    def test_duplicate_keys(self):
        product = self.published[0]
        self._refused([(product, "1"), (product, "2")], "was sent twice")

    def test_too_many_lines(self):
        lines = [(product_id, "1") for product_id in range(1, 501)]
        self._refused(lines, "at most 100 products")
        # 500 bad lines: a few reasons, not 500
        lines = [(product_id, "-1") for product_id in range(1, 501)]
        response = self._refused(lines, "and 490 more")
        self.assertEqual(len(self._messages(response)), 11)

    def test_bad_submit_keys(self):
        product = self.published[0]
        for key in ("", "x", "A" * 32, "g" * 32, "a" * 33, "' OR 1=1--"):
            with self.subTest(key=key):
                self._refused({product: "1"}, "out of date", key=key)
        # none at all
        response = self.url_open(
            "/my/catalog/submit",
            data={"csrf_token": self._csrf(), f"qty_{product.id}": "1"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._orders())

    def test_without_csrf_token(self):
        key = SUBMIT_KEY.search(self.url_open("/my/catalog").text).group(1)
        response = self.url_open(
            "/my/catalog/submit",
            data={"submit_key": key, f"qty_{self.published[0].id}": "1"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (400, 403))
        self.assertFalse(self._orders())

    def test_get_is_not_a_submit(self):
        product = self.published[0]
        response = self.url_open(
            f"/my/catalog/submit?qty_{product.id}=1&submit_key={'a' * 32}",
            allow_redirects=False,
        )
        self.assertLess(response.status_code, 500)
        self.assertNotEqual(response.status_code, 303)
        self.assertFalse(self._orders())

    def test_hostile_page_parameters(self):
        values = ("-1", "1e30", "9" * 5000, "abc", "٣", "' OR 1=1--", "<b>x</b>")
        for name in ("page", "search", "category", "zz_unknown"):
            for value in values:
                with self.subTest(name=name, value=value[:20]):
                    response = self.url_open(
                        "/my/catalog", params={name: value}, allow_redirects=False
                    )
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("<b>x</b>", response.text)
        for value in values + ("", "0", str(2**31)):
            with self.subTest(reorder=value[:20]):
                response = self.url_open(
                    "/my/catalog", params={"reorder": value}, allow_redirects=False
                )
                self.assertEqual(response.status_code, 404)
        # refused forms keep the page's parameters safe too
        for value in values:
            self._refused({self.published[0]: "-1"}, page=value, category=value)

    def test_users_without_the_catalog(self):
        """A customer whom the catalog is not shown posts the form: 404."""
        key = "a" * 32
        for login in ("cz_beta",):
            self.authenticate(login, login)
            response = self._submit({self.published[0]: 1}, key=key)
            self.assertEqual(response.status_code, 404)
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._submit({self.published[0]: 1}, key=key)
        self.assertEqual(response.status_code, 404)
        self.authenticate(None, None)
        response = self._submit({self.published[0]: 1}, key=key)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertFalse(self._orders())

    def test_quantities_rounded_to_another_are_refused(self):
        """A quantity is stored with the unit's precision (2 decimals): one
        it would change, or make nothing of, is refused; the order "mode"
        confirms no empty order."""
        self.company.customer_zone_catalog_submit = "order"
        product = self.published[0]
        for value in ("0.004", "1.005", "0.001"):
            with self.subTest(value=value):
                self._refused({product: value}, "has more decimals")
        self._submit({product: "1.25"})
        self.assertEqual(self._orders().order_line.product_uom_qty, 1.25)

    def test_one_name_per_product(self):
        """ "qty_0192" is not a second name of product 192."""
        product = self.published[0]
        self._refused([(product.id, "1"), (f"0{product.id}", "5")], "unknown product")

    def test_products_with_options_on_the_line_stay_out(self):
        """A product whose options are chosen on the order line (an attribute
        that creates no variant, a value the customer types) is not in the
        catalog: ordered by quantity alone it would sell at its base price."""
        attribute = self.env["product.attribute"].create(
            {
                "name": "Size",
                "create_variant": "no_variant",
                "value_ids": [
                    Command.create({"name": "M", "default_extra_price": 10}),
                    Command.create({"name": "XL", "default_extra_price": 30}),
                ],
            }
        )
        product = self._catalog_product("Configurable helmet")
        product.product_tmpl_id.attribute_line_ids = [
            Command.create(
                {
                    "attribute_id": attribute.id,
                    "value_ids": [Command.set(attribute.value_ids.ids)],
                }
            )
        ]
        product = product.product_tmpl_id.product_variant_id
        self.assertNotIn("Configurable helmet", self.url_open("/my/catalog").text)
        self._refused({product: 1}, "is not in the catalog")

    def test_order_again_counts_in_the_product_unit(self):
        """A line of 2 packs of 6 is ordered again as 12 units."""
        product = self.published[0]
        pack = self.env["uom.uom"].create(
            {
                "name": "Pack of 6",
                "relative_factor": 6,
                "relative_uom_id": product.uom_id.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.alpha.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 2,
                            "product_uom_id": pack.id,
                        }
                    ),
                    Command.create({"product_id": product.id, "product_uom_qty": 1}),
                ],
            }
        )
        order.action_confirm()
        response = self.url_open(f"/my/catalog?reorder={order.id}")
        self.assertEqual(dict(QUANTITY.findall(response.text)), {str(product.id): "13"})


@tagged("post_install", "-at_install")
class TestCatalogRpc(CatalogMixin, CustomerZoneHttpCommon):
    """What a portal user's session may do through JSON-RPC: no order
    created, no product published, no catalog switch turned on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_catalog()

    def _refused_call(self, model, method, args, kwargs=None):
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(model, method, args, kwargs)
        self.assertTrue(str(caught.exception).startswith("odoo.exceptions"))

    def test_rpc(self):
        self.authenticate("cz_beta", "cz_beta")
        product = self.published[0]
        self._refused_call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": self.beta.id,
                    "order_line": [
                        [0, 0, {"product_id": product.id, "product_uom_qty": 1}]
                    ],
                }
            ],
        )
        self._refused_call(
            "product.template",
            "write",
            [[self.unpublished.product_tmpl_id.id], {"customer_zone_catalog": True}],
        )
        self._refused_call(
            "product.product", "search_read", [[]], {"fields": ["name", "list_price"]}
        )
        self._refused_call(
            "res.partner",
            "write",
            [[self.beta.id], {"customer_zone_catalog_access": True}],
        )
        self.assertFalse(self.beta.customer_zone_catalog_access)
        self.assertFalse(self.unpublished.customer_zone_catalog)
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.beta.id)])
        )
        # the catalog's own orders are read by the record rules: another
        # customer's stays out of reach
        self.authenticate("cz_alpha", "cz_alpha")
        self._submit({product: 1})
        order = self._orders()
        self.authenticate("cz_beta", "cz_beta")
        self.assertFalse(
            self._call_kw("sale.order", "search_read", [[("id", "=", order.id)]])
        )
        self._refused_call("sale.order", "read", [[order.id], ["name"]])
