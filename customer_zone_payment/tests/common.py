from odoo import Command, fields
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.common import (
    CustomerZoneCommon,
    CustomerZoneHttpCommon,
)
from odoo.addons.customer_zone.tests.test_portal_access import SIGNATURE
from odoo.addons.payment.tests.common import PaymentCommon
from odoo.addons.payment.tests.http_common import PaymentHttpCommon


class CustomerZonePaymentCommon(PaymentCommon, CustomerZoneCommon):
    """The zone's fixtures on core's payment test base, paying with Odoo's
    demo provider (payment_demo) in the company's currency.

    Core's base runs after the zone's (first in the MRO) and points
    ``provider``, ``payment_method`` and ``currency`` at its dummy provider
    and EUR; they are set back here. Its dummy provider stays, as one more
    provider the customers are offered. Post-processing is real: the tests
    check payments, reconciliation and receipts.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enable_post_process_patcher = False
        cls.currency = cls.company.currency_id
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "is_published": True})
        cls.payment_method = cls.env.ref("payment_demo.payment_method_demo")
        cls.payment_method_id = cls.payment_method.id
        cls.transfer = cls.env.ref("payment.payment_provider_transfer")

    @classmethod
    def _setup_branch(cls):
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

    @staticmethod
    def _confirm(tx):
        """The provider confirms ``tx``, and Odoo books it (payment,
        reconciliation, our receipt), as a notice from the provider does."""
        tx._set_done()
        tx._post_process()
        return tx


class CustomerZonePaymentHttpCommon(
    PaymentHttpCommon, CustomerZonePaymentCommon, CustomerZoneHttpCommon
):
    """The payment fixtures, and the requests the payment form makes."""

    def _demo_payment_values(self, amount, **extra):
        """What Odoo's payment form posts to a transaction route, paying
        ``amount`` with the demo provider; ``extra`` adds or replaces keys
        (``landing_route``, ``access_token``, a tampered value ...)."""
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.payment_method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my/outstanding",
            **extra,
        }

    def _new_transaction(self, route, params):
        """The transaction a JSON-RPC ``route`` creates from ``params``."""
        return self._get_tx(self.make_jsonrpc_request(route, params)["reference"])

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
        """``route`` refuses ``params`` with ``message`` (a ``name`` error)."""
        error = self._jsonrpc_error(route, params)
        self.assertEqual(error["name"], f"odoo.exceptions.{name}")
        self.assertIn(message, error["message"])
        return error


class CashToOrderCommon(CustomerZonePaymentHttpCommon):
    """Beta pays before ordering (prepaid); the company blocks orders over
    the available balance. Quotations to sign, their acceptance in the zone
    and the payment their page's form makes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_zone_credit_policy = "block"
        cls.beta.customer_zone_prepaid = True
        cls.today = fields.Date.today()

    def _order(self, amount, partner=None):
        """A sent quotation of ``amount`` (no taxes) to Beta (or
        ``partner``), to sign only."""
        order = (
            self.env["sale.order"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": (partner or self.beta).id,
                    "require_signature": True,
                    "require_payment": False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        order.action_quotation_sent()
        order._portal_ensure_token()
        return order

    def _accept(self, order):
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"name": "Beta Boss", "signature": SIGNATURE},
        )

    def _order_transaction(self, order, amount):
        """The transaction the quotation's payment form creates, paying
        ``amount`` (what the browser sends)."""
        return self._new_transaction(
            f"/my/orders/{order.id}/transaction",
            self._demo_payment_values(
                amount,
                access_token=order.access_token,
                landing_route=order.get_portal_url(),
            ),
        )
