from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import CustomerZonePurchaseCommon

RESET_NOTE = "acknowledgement was reset"


@tagged("post_install", "-at_install")
class TestAcknowledgementReset(CustomerZonePurchaseCommon):
    """An acknowledgement is of the order as the supplier saw it: when the
    buyer changes what is ordered (quantity, price, product, date, lines),
    cancels it or resets it to draft, the acknowledgement is cleared, the
    chatter says so, and the supplier may acknowledge the new order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rfq_a = cls._purchase_order(cls.alpha, "sent")
        cls.po_a = cls._purchase_order(cls.alpha, "purchase")
        cls.other_product = cls.env["product.product"].create(
            {"name": "Zone test other material", "type": "consu"}
        )
        cls.expected = fields.Date.context_today(cls.env.user) + timedelta(days=9)

    def _acknowledge_as_alpha(self, order):
        order.with_user(self.user_alpha).sudo()._customer_zone_acknowledge(
            partner=self.alpha, user=self.user_alpha, note="Fine", date=self.expected
        )
        self.assertTrue(order.customer_zone_acknowledged_on)

    def _assert_reset(self, order):
        self.assertFalse(order.acknowledged)
        self.assertFalse(order.customer_zone_acknowledged_on)
        self.assertFalse(order.customer_zone_acknowledged_partner_id)
        self.assertFalse(order.customer_zone_acknowledged_user_id)
        self.assertFalse(order.customer_zone_supplier_note)
        self.assertFalse(order.customer_zone_supplier_date)
        self.assertTrue(self._reset_notes(order), "the chatter says so")

    def _reset_notes(self, order):
        return order.message_ids.filtered(lambda message: RESET_NOTE in message.body)

    def test_buyer_changes_what_is_ordered(self):
        changes = (
            ("quantity", {"product_qty": 300}),
            ("price", {"price_unit": 99}),
            ("product", {"product_id": self.other_product.id}),
            ("date", {"date_planned": fields.Datetime.now() + timedelta(days=40)}),
        )
        for order in (self.rfq_a, self.po_a):
            for what, values in changes:
                with self.subTest(state=order.state, change=what):
                    self._acknowledge_as_alpha(order)
                    order.order_line.with_user(self.buyer).write(values)
                    self._assert_reset(order)
                    self.assertEqual(
                        order.state, "sent" if order == self.rfq_a else "purchase"
                    )

    def test_lines_added_or_removed(self):
        self._acknowledge_as_alpha(self.rfq_a)
        self.rfq_a.with_user(self.buyer).write(
            {
                "order_line": [
                    Command.create(
                        {"product_id": self.other_product.id, "product_qty": 1}
                    )
                ]
            }
        )
        self._assert_reset(self.rfq_a)
        self._acknowledge_as_alpha(self.rfq_a)
        self.rfq_a.order_line[-1:].with_user(self.buyer).unlink()
        self.assertFalse(self.rfq_a.customer_zone_acknowledged_on)

    def test_same_values_or_other_fields_keep_it(self):
        self._acknowledge_as_alpha(self.rfq_a)
        line = self.rfq_a.order_line
        line.with_user(self.buyer).write(
            {"product_qty": line.product_qty, "name": "Same material, new words"}
        )
        self.assertTrue(self.rfq_a.acknowledged)
        self.assertTrue(self.rfq_a.customer_zone_acknowledged_on)
        self.assertFalse(self._reset_notes(self.rfq_a))

    def test_an_order_not_acknowledged_gets_no_note(self):
        self.rfq_a.order_line.product_qty = 30
        self.rfq_a.button_cancel()
        self.assertFalse(self._reset_notes(self.rfq_a))

    def test_cancel_draft_and_send_again_asks_a_new_acknowledgement(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._acknowledge(self.rfq_a, customer_zone_date=str(self.expected))
        self.assertTrue(self.rfq_a.acknowledged)
        first_ack = self.rfq_a.customer_zone_acknowledged_on
        self.rfq_a.with_user(self.buyer).order_line.product_qty = 300
        self._assert_reset(self.rfq_a)
        self._acknowledge_as_alpha(self.rfq_a)
        self.rfq_a.with_user(self.buyer).button_cancel()
        self._assert_reset(self.rfq_a)
        self.rfq_a.with_user(self.buyer).button_draft()
        self.rfq_a.write({"state": "sent"})
        page = self._get(f"/my/purchase/{self.rfq_a.id}").text
        self.assertIn("o_customer_zone_ack_form", page, "a new request to answer")
        response = self._acknowledge(self.rfq_a, customer_zone_note="300 is fine")
        self.assertNotIn("customer_zone_ack_error", response.headers["Location"])
        self.rfq_a.invalidate_recordset()
        self.assertTrue(self.rfq_a.acknowledged)
        self.assertEqual(self.rfq_a.customer_zone_supplier_note, "300 is fine")
        self.assertGreaterEqual(self.rfq_a.customer_zone_acknowledged_on, first_ack)
        self.assertFalse(self.rfq_a.customer_zone_supplier_date, "the old date")

    def test_draft_resets_core_flag_too(self):
        self.rfq_a.acknowledged = True  # core's flag, set by core's own link
        self.rfq_a.button_cancel()
        self.rfq_a.button_draft()
        self.assertFalse(self.rfq_a.acknowledged)

    def test_suppliers_own_date_update_keeps_it(self):
        self._acknowledge_as_alpha(self.po_a)
        self.authenticate("cz_alpha", "cz_alpha")
        later = fields.Date.to_string(self.expected + timedelta(days=3))
        self.make_jsonrpc_request(
            f"/my/purchase/{self.po_a.id}/update",
            {str(self.po_a.order_line.id): later},
        )
        self.po_a.invalidate_recordset()
        self.assertEqual(
            fields.Date.to_string(self.po_a.order_line.date_planned), later
        )
        self.assertTrue(self.po_a.customer_zone_acknowledged_on, "its own change")
        self.assertFalse(self._reset_notes(self.po_a))
