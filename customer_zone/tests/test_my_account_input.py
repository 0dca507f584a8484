from urllib.parse import urlencode

from requests import HTTPError

from odoo import http
from odoo.tests import JsonRpcException, tagged

from .common import CustomerZoneHttpCommon

# The values of the generated bad-input matrix for an id.
BAD_IDS = [
    "x" * 10000,
    "1 OR 1=1",
    "1'; DROP TABLE res_partner; --",
    " ",
    "<script>alert(1)</script>",
    "1\x00",
    "\u00b2",
    "[1,2]",
    "9" * 5000,
    "nan",
    "1e309",
    "1.5",
    "-1",
    "0",
    "999999999",
]


@tagged("post_install", "-at_install")
class TestMyAccountInput(CustomerZoneHttpCommon):
    """Core "my account" routes: bad input gets a message or a 4xx, never a
    500, and changes no record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.alpha_ship = Partner.create(
            {
                "name": "Alpha Dock",
                "parent_id": cls.alpha.id,
                "type": "delivery",
                "street": "1 Dock Road",
                "city": "Harbour",
                "country_id": cls.env.ref("base.be").id,
            }
        )
        cls.alpha_old_ship = Partner.create(
            {"name": "Alpha Old Dock", "parent_id": cls.alpha.id, "type": "delivery"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")
        self.snapshot = self._partners_state()

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _partners_state(self):
        self.env.invalidate_all()
        partners = self.env["res.partner"].with_context(active_test=False).search([])
        return {
            p.id: (p.write_date, p.name, p.street, p.country_id.id, p.active)
            for p in partners
        }

    def assertUnchanged(self):
        self.assertEqual(self._partners_state(), self.snapshot)

    def _get_with_query(self, url, **params):
        """GET ``url`` with ``params`` as its query string, not followed."""
        return self._get(f"{url}?{urlencode(params)}" if params else url)

    def _post(self, url, **data):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def _rpc_refused(self, route, params):
        """The JSON-RPC call fails cleanly: a 404 or an Odoo error, not a
        crash of the code (TypeError, ValueError…)."""
        try:
            self.make_jsonrpc_request(route, params)
        except JsonRpcException as error:
            self.assertTrue(
                str(error).startswith(("werkzeug.exceptions", "odoo.exceptions")),
                str(error),
            )
            return
        self.fail(f"{route} {params} was accepted")

    # ------------------------------------------------------------------
    # 1. GET /my/address
    # ------------------------------------------------------------------
    def test_address_form_bad_input(self):
        for value in BAD_IDS:
            with self.subTest(partner_id=value[:20]):
                response = self._get_with_query("/my/address", partner_id=value)
                self.assertLess(response.status_code, 500)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my/addresses"))
        for value in ("maybe", "2", "x" * 10000, "\u00b2"):
            with self.subTest(use_delivery_as_billing=value[:20]):
                response = self._get_with_query(
                    "/my/address", use_delivery_as_billing=value
                )
                self.assertEqual(response.status_code, 200)
        for query in (
            {"partner_sudo": "1"},
            {"partner_id": self.alpha_ship.id, "partner_sudo": "1"},
            {"address_type": "<b>x</b>", "callback": "javascript:alert(1)"},
            {"order_sudo": "1"},
        ):
            with self.subTest(query=query):
                response = self._get_with_query("/my/address", **query)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("javascript:alert", response.text)
        # someone else's address stays forbidden, as in core
        response = self._get_with_query("/my/address", partner_id=self.beta.id)
        self.assertEqual(response.status_code, 403)
        # valid requests still work
        response = self._get_with_query("/my/address", partner_id=self.alpha_ship.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("1 Dock Road", response.text)
        self.assertEqual(self._get_with_query("/my/address").status_code, 200)
        self.assertUnchanged()

    # ------------------------------------------------------------------
    # 2. POST /my/address/submit
    # ------------------------------------------------------------------
    def _address_form(self, **values):
        return {
            "name": "Alpha Dock",
            "email": "dock@alpha.test",
            "phone": "+32 2 555 00 00",
            "street": "2 Changed Road",
            "city": "Harbour",
            "zip": "1000",
            "country_id": str(self.env.ref("base.be").id),
            "address_type": "delivery",
            **values,
        }

    def test_address_submit_bad_input(self):
        for value in BAD_IDS:
            with self.subTest(partner_id=value[:20]):
                response = self._post(
                    "/my/address/submit", **self._address_form(partner_id=value)
                )
                self.assertEqual(response.status_code, 404)
        for field in ("country_id", "state_id"):
            for value in ("\u00b2", "9" * 5000, "999999999", "abc", "-3"):
                with self.subTest(field=field, value=value[:20]):
                    response = self._post(
                        "/my/address/submit",
                        **self._address_form(
                            partner_id=str(self.alpha_ship.id), **{field: value}
                        ),
                    )
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(field, response.json()["invalid_fields"])
        for extra in (
            {"partner_sudo": "1"},
            {"address_values": "1"},
            {"use_delivery_as_billing": "maybe"},
            {"verify_address_values": "", "email": "not-an-email"},
        ):
            with self.subTest(extra=extra):
                response = self._post(
                    "/my/address/submit",
                    **self._address_form(
                        partner_id=str(self.alpha_ship.id), street="", **extra
                    ),
                )
                self.assertLess(response.status_code, 500)
                self.assertIn("invalid_fields", response.json())
        self.assertUnchanged()
        # a valid submit still saves
        response = self._post(
            "/my/address/submit",
            **self._address_form(
                partner_id=str(self.alpha_ship.id), callback="//evil.test/x"
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"redirectUrl": "/my/addresses"})
        self.alpha_ship.invalidate_recordset()
        self.assertEqual(self.alpha_ship.street, "2 Changed Road")

    # ------------------------------------------------------------------
    # 3. GET /my/addresses
    # ------------------------------------------------------------------
    def test_addresses_reserved_keys(self):
        for query in ({"partner_sudo": "1"}, {"address_values": "x"}, {}):
            with self.subTest(query=query):
                response = self._get_with_query("/my/addresses", **query)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Alpha Dock", response.text)
        self.assertUnchanged()

    # ------------------------------------------------------------------
    # 4. RPC /my/address/archive
    # ------------------------------------------------------------------
    def test_address_archive_bad_input(self):
        for value in [*BAD_IDS, "", None, [1, 2], 1.5, 1e308, True, {"a": 1}]:
            with self.subTest(partner_id=str(value)[:20]):
                self._rpc_refused("/my/address/archive", {"partner_id": value})
        self._rpc_refused("/my/address/archive", {})
        # JSON's Infinity / NaN, sent raw
        for raw in ("Infinity", "NaN", "-Infinity"):
            with self.subTest(raw=raw):
                response = self.url_open(
                    "/my/address/archive",
                    data='{"jsonrpc": "2.0", "method": "call", "id": 1, '
                    f'"params": {{"partner_id": {raw}}}}}',
                    headers={"Content-Type": "application/json"},
                )
                self.assertLess(response.status_code, 500)
                self.assertNotIn("ValueError", response.text)
                self.assertNotIn("OverflowError", response.text)
        # other customers' addresses and the main address stay refused
        self._rpc_refused("/my/address/archive", {"partner_id": self.beta.id})
        self._rpc_refused("/my/address/archive", {"partner_id": self.alpha.id})
        self.assertUnchanged()
        # a valid archive still works
        self.make_jsonrpc_request(
            "/my/address/archive", {"partner_id": str(self.alpha_old_ship.id)}
        )
        self.alpha_old_ship.invalidate_recordset()
        self.assertFalse(self.alpha_old_ship.active)

    # ------------------------------------------------------------------
    # 5. RPC /my/address/country_info/<country>
    # ------------------------------------------------------------------
    def test_country_info_bad_input(self):
        # a country that does not exist: 404 from the route
        for value in ("0", "999999999", "-999999999"):
            with self.subTest(country=value):
                with self.assertRaises(JsonRpcException) as caught:
                    self.make_jsonrpc_request(
                        f"/my/address/country_info/{value}",
                        {"address_type": "billing"},
                    )
                self.assertEqual(str(caught.exception), "werkzeug.exceptions.NotFound")
        # no id at all (int() refuses 5000 digits): the path matches no route
        with self.assertRaises(HTTPError) as caught:
            self.make_jsonrpc_request(
                f"/my/address/country_info/{'9' * 5000}", {"address_type": "billing"}
            )
        self.assertEqual(caught.exception.response.status_code, 404)
        belgium = self.env.ref("base.be")
        for address_type in ("billing", "delivery", None, ["x"]):
            with self.subTest(address_type=address_type):
                result = self.make_jsonrpc_request(
                    f"/my/address/country_info/{belgium.id}",
                    {"address_type": address_type},
                )
                self.assertIn("city", result["fields"])
        result = self.make_jsonrpc_request(f"/my/address/country_info/{belgium.id}")
        self.assertEqual(result["phone_code"], belgium.phone_code)

    # ------------------------------------------------------------------
    # 6. POST /my/security, /my/deactivate_account
    # ------------------------------------------------------------------
    def test_oversized_passwords(self):
        response = self._post(
            "/my/security", old="x" * 10000, new1="new-pass-123", new2="new-pass-123"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("The old password you provided is incorrect", response.text)
        response = self._post(
            "/my/security", old="cz_alpha", new1="y" * 10000, new2="y" * 10000
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("The new password is too long", response.text)
        response = self._post("/my/security", new1="a")
        self.assertEqual(response.status_code, 200)
        self.assertIn("You cannot leave any password empty", response.text)

        response = self._post(
            "/my/deactivate_account", validation="cz_alpha", password="x" * 10000
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Wrong password", response.text)
        response = self._post("/my/deactivate_account")
        self.assertLess(response.status_code, 500)
        # the account and the password are as they were
        self.assertTrue(self.user_alpha.active)
        self.assertEqual(self._get_with_query("/my/addresses").status_code, 200)
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertUnchanged()

    # ------------------------------------------------------------------
    # 7. RPC /my/counters
    # ------------------------------------------------------------------
    def test_counters_bad_input(self):
        for counters in (None, "invoice_count", 5, {"a": 1}, [None, 3, ["x"]]):
            with self.subTest(counters=counters):
                self.assertEqual(
                    self.make_jsonrpc_request("/my/counters", {"counters": counters}),
                    {},
                )
        self.assertEqual(self.make_jsonrpc_request("/my/counters", {}), {})
        result = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["invoice_count", 7, None]}
        )
        self.assertIn("invoice_count", result)
