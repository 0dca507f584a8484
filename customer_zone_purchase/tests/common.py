from odoo import Command, http
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.common import CustomerZoneHttpCommon


class CustomerZonePurchaseCommon(CustomerZoneHttpCommon):
    """The zone's fixtures, seen as suppliers: Alpha (with its buyer
    contact) and Beta sell to the company, which opened its supplier zone;
    a purchase user is the buyer of every order made here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_supplier_zone": True,
                "customer_zone_supplier_default_access": True,
                "customer_zone_supplier_ack_status": "acknowledged",
                "po_double_validation": "one_step",
            }
        )
        cls.buyer = new_test_user(
            cls.env,
            login="cz_purchase_buyer",
            groups="base.group_user,purchase.group_purchase_user",
            name="Bea Buyer",
            email="bea@company.test",
            company_id=cls.company.id,
        )
        cls.purchased = cls.env["product.product"].create(
            {"name": "Zone test material", "type": "consu", "standard_price": 10}
        )

    @classmethod
    def _purchase_order(cls, partner, state="sent", company=None, qty=3):
        """An order of one line to ``partner``, taken to ``state`` (draft,
        sent, purchase, cancel)."""
        order = (
            cls.env["purchase.order"]
            .with_company(company or cls.company)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": cls.buyer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.purchased.id,
                                "product_qty": qty,
                                "price_unit": 12.5,
                            }
                        )
                    ],
                }
            )
        )
        if state in ("sent", "purchase", "cancel"):
            order.write({"state": "sent"})
        if state == "purchase":
            order.button_confirm()
        if state == "cancel":
            order.button_cancel()
        return order

    def _acknowledge(self, order, files=None, access_token=None, **values):
        """POST the acknowledgement form of ``order`` as the current session;
        the answer is not followed."""
        data = {"csrf_token": http.Request.csrf_token(self), **values}
        if access_token is not None:
            data["access_token"] = access_token
        with mute_logger("odoo.http"):
            return self.url_open(
                f"/my/purchase/{order.id}/acknowledge",
                data=data,
                files=files,
                allow_redirects=False,
            )

    def _status(self, url):
        with mute_logger("odoo.http"):
            return self._get(url).status_code
