from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZonePurchaseCommon

LINE_FIELDS = ["order_id", "price_unit", "product_qty", "name"]


@tagged("post_install", "-at_install")
class TestOrderLineAccess(CustomerZonePurchaseCommon):
    """What hangs off an order obeys the order's visibility over JSON-RPC:
    its lines (quantities, prices), its messages and files. A draft, an
    order of another supplier, a blocked supplier's or a closed supplier
    zone's orders: nothing of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rfq_a = cls._purchase_order(cls.alpha, "sent")
        cls.po_a = cls._purchase_order(cls.alpha, "purchase")
        cls.draft_a = cls._purchase_order(cls.alpha, "draft", qty=7)
        cls.rfq_b = cls._purchase_order(cls.beta, "sent")
        for order in (cls.rfq_a, cls.draft_a, cls.rfq_b):
            order.message_post(
                body=f"Note on {order.name}",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachments=[(f"{order.name}.txt", b"terms")],
            )

    def _line_order_ids(self, domain=None):
        rows = self._call_kw(
            "purchase.order.line", "search_read", [domain or [], LINE_FIELDS]
        )
        return {row["order_id"][0] for row in rows}

    def _grouped_line_order_ids(self):
        """The orders of the lines grouped as the web client groups them
        (``formatted_read_group``) and as older clients do (``read_group``,
        deprecated: its warning muted); both must agree."""
        groups = self._call_kw(
            "purchase.order.line",
            "formatted_read_group",
            [[], ["order_id"], ["price_subtotal:sum", "product_qty:sum"]],
        )
        with mute_logger("py.warnings"):
            old_groups = self._call_kw(
                "purchase.order.line",
                "read_group",
                [[], ["price_subtotal:sum", "product_qty:sum"], ["order_id"]],
            )
        order_ids = {group["order_id"][0] for group in groups}
        self.assertEqual({group["order_id"][0] for group in old_groups}, order_ids)
        return order_ids

    def test_supplier_reads_the_lines_of_its_visible_orders_only(self):
        self.authenticate("cz_alpha", "cz_alpha")
        visible = {self.rfq_a.id, self.po_a.id}
        self.assertEqual(self._line_order_ids(), visible)
        self.assertEqual(self._grouped_line_order_ids(), visible)
        self.assertEqual(
            self._line_order_ids([("order_id", "=", self.draft_a.id)]),
            set(),
            "a draft's quantities and prices",
        )
        for order in (self.draft_a, self.rfq_b):
            with self.subTest(order=order.name), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as refused:
                    self._call_kw(
                        "purchase.order.line",
                        "read",
                        [order.order_line.ids, LINE_FIELDS],
                    )
                self.assertIn("odoo.exceptions.AccessError", str(refused.exception))

    def test_another_supplier_reads_its_own_lines_only(self):
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._line_order_ids(), {self.rfq_b.id})
        self.assertEqual(self._grouped_line_order_ids(), {self.rfq_b.id})

    def test_blocked_supplier_reads_no_line(self):
        self.alpha.customer_zone_supplier_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._call_kw("purchase.order", "search_count", [[]]), 0)
        self.assertEqual(self._line_order_ids(), set())
        self.assertEqual(self._grouped_line_order_ids(), set())
        count = self._call_kw("purchase.order.line", "search_count", [[]])
        self.assertEqual(count, 0)

    def test_closed_supplier_zone_shows_no_line(self):
        self.company.customer_zone_supplier_zone = False
        self.alpha.customer_zone_supplier_access = "allowed"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._line_order_ids(), set())
        self.assertEqual(self._grouped_line_order_ids(), set())

    def test_messages_and_files_follow_the_order(self):
        self.authenticate("cz_alpha", "cz_alpha")
        messages = self._call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "purchase.order")], ["res_id", "body"]],
        )
        self.assertIn(self.rfq_a.id, {row["res_id"] for row in messages})
        self.assertFalse(
            {self.draft_a.id, self.rfq_b.id} & {row["res_id"] for row in messages}
        )
        # files: core gives portal users no access to attachments at all
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as refused:
            self._call_kw(
                "ir.attachment",
                "search_read",
                [[("res_model", "=", "purchase.order")], ["res_id", "name"]],
            )
        self.assertIn("odoo.exceptions.AccessError", str(refused.exception))
        draft_message = self.draft_a.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call_kw("mail.message", "read", [draft_message.ids, ["body"]])
        # blocked: not even the messages of its sent request
        self.alpha.customer_zone_supplier_access = "blocked"
        messages = self._call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "purchase.order")], ["res_id"]],
        )
        self.assertEqual(messages, [])
