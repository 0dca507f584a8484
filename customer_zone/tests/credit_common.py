from odoo import Command, fields
from odoo.tests import new_test_user

from .common import CustomerZoneHttpCommon
from .test_portal_access import SIGNATURE


class CustomerZoneCreditCommon(CustomerZoneHttpCommon):
    """Alpha: credit limit 1,000, 600 open, 400 available, its orders
    blocked over it (the company's policy); Beta: no limit. A salesman (with
    a phone: the zone names whom to call) and a sales manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "customer_zone_credit_policy": "block",
                "customer_zone_credit_include_orders": True,
            }
        )
        cls.alpha.with_company(cls.company).credit_limit = 1000.0
        cls.salesman = new_test_user(
            cls.env,
            login="cz_salesman",
            password="cz_salesman",
            groups="sales_team.group_sale_salesman",
            name="Sam Seller",
            email="sam@seller.test",
            company_id=cls.company.id,
        )
        cls.salesman.partner_id.phone = "+32 2 555 01 01"
        cls.sales_manager = new_test_user(
            cls.env,
            login="cz_sales_manager",
            groups="sales_team.group_sale_manager",
            name="Mia Manager",
            company_id=cls.company.id,
        )
        # open receivable 600: 400 left of the limit of 1,000
        cls.today = fields.Date.today()
        cls._invoice(cls.alpha, 600.0, cls.today)

    @classmethod
    def _order(cls, partner, amount, lines=1, state="sent", currency=None):
        """A quotation of ``lines`` lines summing to ``amount`` (no taxes),
        sold by the salesman, taken to ``state``."""
        values = {
            "partner_id": partner.id,
            "user_id": cls.salesman.id,
            "require_signature": True,
            "require_payment": False,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount / lines,
                        "tax_ids": [Command.clear()],
                    }
                )
                for _line in range(lines)
            ],
        }
        if currency:
            pricelist = cls.env["product.pricelist"].create(
                {"name": f"Zone {currency.name}", "currency_id": currency.id}
            )
            values["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].with_company(cls.company).create(values)
        if state == "sent":
            order.action_quotation_sent()
        order._portal_ensure_token()
        return order

    def _money(self, amount):
        return self.company.currency_id.format(amount)

    def _accept(self, order, **params):
        """The zone's acceptance (JSON-RPC), as the signature dialog posts it
        (``access_token`` for a visitor with the link)."""
        params = {"name": "Alpha Boss", "signature": SIGNATURE, **params}
        return self.make_jsonrpc_request(f"/my/orders/{order.id}/accept", params)

    def _rpc_body(self, model, method, args, kwargs=None):
        """The JSON answer of an ORM call over JSON-RPC as the logged-in user
        (an error comes back as the web client receives it, not raised)."""
        response = self.url_open(
            "/web/dataset/call_kw",
            json={
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _rpc(self, model, method, args, kwargs=None):
        """(True, result), or (False, the error message the user reads)."""
        body = self._rpc_body(model, method, args, kwargs)
        if "error" in body:
            return False, body["error"]["data"]["message"]
        return True, body.get("result")

    def _rpc_error(self, model, method, args, kwargs=None):
        """The error (name, message) an ORM call over JSON-RPC answers: what
        the web client shows its user. Fails when the call succeeds."""
        body = self._rpc_body(model, method, args, kwargs)
        self.assertIn("error", body, f"{model}.{method} was not refused")
        return body["error"]["data"]["name"], body["error"]["data"]["message"]
