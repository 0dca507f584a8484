from odoo import Command
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.common import CustomerZoneFixtures


class PaymentZoneFixtures(CustomerZoneFixtures):
    """The zone's fixtures, with Odoo's demo payment provider switched on."""

    @classmethod
    def _setup_payment_fixtures(cls):
        cls._setup_zone_fixtures()
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "is_published": True})
        cls.method = cls.env.ref("payment_demo.payment_method_demo")
        cls.transfer = cls.env.ref("payment.payment_provider_transfer")

    @classmethod
    def _setup_branch_fixtures(cls):
        """A branch of the company, which shares its accounts and journals,
        and Alpha's portal user allowed in both."""
        cls.branch = cls.env["res.company"].create(
            {"name": "Zone test branch", "parent_id": cls.company.id}
        )
        cls.env["account.chart.template"].try_loading(
            cls.company.chart_template, company=cls.branch, install_demo=False
        )
        cls.branch.write(
            {"customer_zone_mode": "account", "customer_zone_default_access": True}
        )
        cls.user_alpha.company_ids = cls.company | cls.branch

    @classmethod
    def _branch_invoice(cls, partner, amount, date):
        invoice = (
            cls.env["account.move"]
            .with_company(cls.branch)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date,
                    "invoice_date_due": date,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice.with_env(cls.env)

    def _demo_payment_values(self, amount, landing_route="/my/outstanding"):
        """What Odoo's payment form posts to a transaction route."""
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": landing_route,
        }

    def _tx(self, processing):
        return self.env["payment.transaction"].search(
            [("reference", "=", processing["reference"])]
        )

    def _jsonrpc_error(self, route, params):
        """The error a JSON-RPC route answers, as the payment form shows it:
        ``{"name": exception class, "message": text}``. Fails if it accepts."""
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
            )
        self.assertEqual(response.status_code, 200, "an answer, not a server error")
        body = response.json()
        self.assertIn("error", body, f"{route} accepted {params}")
        return body["error"]["data"]

    def _assert_refused(self, route, params, message, name="ValidationError"):
        error = self._jsonrpc_error(route, params)
        self.assertEqual(error["name"], f"odoo.exceptions.{name}")
        self.assertIn(message, error["message"])
        return error
