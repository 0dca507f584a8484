import base64
from datetime import timedelta

from odoo import fields, http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerZonePurchaseCommon

PDF = ("confirmation.pdf", b"%PDF-1.4 order confirmation", "application/pdf")


@tagged("post_install", "-at_install")
class TestAcknowledge(CustomerZonePurchaseCommon):
    """The supplier acknowledges an order from its page: who and when, its
    note, date and file, the status the company chose, the buyer told;
    anything wrong changes nothing and says why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rfq_a = cls._purchase_order(cls.alpha, "sent")
        cls.po_a = cls._purchase_order(cls.alpha, "purchase")
        cls.rfq_b = cls._purchase_order(cls.beta, "sent")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.later = fields.Date.to_string(cls.today + timedelta(days=10))

    def _assert_untouched(self, order):
        order.invalidate_recordset()
        self.assertFalse(order.acknowledged)
        self.assertFalse(order.customer_zone_acknowledged_on)
        self.assertFalse(order.customer_zone_supplier_note)
        self.assertFalse(order.customer_zone_supplier_date)

    def _ack_messages(self, order):
        subtype = self.env.ref("customer_zone_purchase.mt_supplier_acknowledged")
        return self.env["mail.message"].search(
            [
                ("model", "=", "purchase.order"),
                ("res_id", "=", order.id),
                ("subtype_id", "=", subtype.id),
            ]
        )

    def _page_after(self, response):
        """The page the form's answer sends the supplier back to."""
        self.assertEqual(response.status_code, 303)
        return self.url_open(response.headers["Location"]).text

    # ------------------------------------------------------------------
    # the flow, per status setting
    # ------------------------------------------------------------------
    def test_acknowledge_marks_the_order(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self._get(f"/my/purchase/{self.rfq_a.id}").text
        self.assertIn("o_customer_zone_ack_form", page)
        response = self._acknowledge(
            self.rfq_a,
            files={"customer_zone_file": PDF},
            customer_zone_note="We ship in two lots.\nFirst lot Monday.",
            customer_zone_date=self.later,
        )
        self.assertIn("o_customer_zone_ack_done", self._page_after(response))
        order = self.rfq_a
        order.invalidate_recordset()
        self.assertTrue(order.acknowledged)
        self.assertEqual(order.state, "sent", "acknowledged only (the setting)")
        self.assertEqual(
            order.customer_zone_acknowledged_user_id, self.user_alpha_buyer
        )
        self.assertEqual(order.customer_zone_acknowledged_partner_id, self.alpha_buyer)
        self.assertTrue(order.customer_zone_acknowledged_on)
        self.assertEqual(
            order.customer_zone_supplier_note, "We ship in two lots.\nFirst lot Monday."
        )
        self.assertEqual(
            fields.Date.to_string(order.customer_zone_supplier_date), self.later
        )
        message = self._ack_messages(order)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.alpha_buyer)
        self.assertIn("First lot Monday", message.body)
        self.assertEqual(message.attachment_ids.name, "confirmation.pdf")
        self.assertEqual(
            base64.b64decode(message.attachment_ids.datas), PDF[1], "the file as sent"
        )
        notified = self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id)]
        )
        self.assertIn(self.buyer.partner_id, notified.res_partner_id, "buyer told")
        # the page now says who and when, and offers no second form
        page = self._get(f"/my/purchase/{order.id}").text
        self.assertIn("o_customer_zone_ack_status", page)
        self.assertNotIn("o_customer_zone_ack_form", page)
        # the buyer's filter finds it
        found = self.env["purchase.order"].search(
            [("customer_zone_acknowledged_on", "!=", False)]
        )
        self.assertIn(order, found)

    def test_confirm_setting_confirms_a_request(self):
        self.company.customer_zone_supplier_ack_status = "confirm"
        self.authenticate("cz_alpha", "cz_alpha")
        self._acknowledge(self.rfq_a)
        self.assertEqual(self.rfq_a.state, "purchase")
        self.assertTrue(self.rfq_a.acknowledged)
        self.assertEqual(self.rfq_a.customer_zone_acknowledged_user_id, self.user_alpha)
        # a confirmed order just gets the flag
        self._acknowledge(self.po_a)
        self.assertEqual(self.po_a.state, "purchase")
        self.assertTrue(self.po_a.acknowledged)
        # the supplier still sees it (now an order)
        self.assertIn(self.rfq_a.name, self._get("/my/purchase").text)

    def test_confirm_setting_with_approval_keeps_the_order_in_sight(self):
        self.company.write(
            {
                "customer_zone_supplier_ack_status": "confirm",
                "po_double_validation": "two_step",
                "po_double_validation_amount": 1,
            }
        )
        self.authenticate("cz_alpha", "cz_alpha")
        self._acknowledge(self.rfq_a)
        self.assertEqual(self.rfq_a.state, "to approve")
        self.assertEqual(self._get(f"/my/purchase/{self.rfq_a.id}").status_code, 200)

    def test_acknowledge_by_link_without_login(self):
        token = self.rfq_a._portal_ensure_token()
        self.authenticate(None, None)
        page = self._get(f"/my/purchase/{self.rfq_a.id}?access_token={token}").text
        self.assertIn("o_customer_zone_ack_form", page)
        response = self._acknowledge(self.rfq_a, access_token=token)
        self.assertIn(f"access_token={token}", response.headers["Location"])
        self.assertIn("o_customer_zone_ack_done", self._page_after(response))
        self.assertTrue(self.rfq_a.acknowledged)
        self.assertEqual(self.rfq_a.customer_zone_acknowledged_partner_id, self.alpha)
        self.assertFalse(self.rfq_a.customer_zone_acknowledged_user_id)

    def test_core_acknowledge_link_writes_nothing_on_get(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = self.rfq_a.with_user(self.user_alpha).get_acknowledge_url()
        page = self._get(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_customer_zone_ack_form", page.text)
        self.assertIn("border-primary", page.text, "the form is pointed at")
        self._assert_untouched(self.rfq_a)
        self.assertFalse(self._ack_messages(self.rfq_a))

    def test_another_supplier_holding_the_link_acknowledges_for_the_order(self):
        """A link forwarded to another supplier's user: it acts as a visitor
        holding the link, for the order's partner, never in its own name."""
        token = self.rfq_a._portal_ensure_token()
        self.authenticate("cz_beta", "cz_beta")
        response = self._acknowledge(
            self.rfq_a, access_token=token, customer_zone_note="we accept"
        )
        self.assertIn("o_customer_zone_ack_done", self._page_after(response))
        order = self.rfq_a
        order.invalidate_recordset()
        self.assertTrue(order.acknowledged)
        self.assertEqual(order.customer_zone_acknowledged_partner_id, self.alpha)
        self.assertFalse(order.customer_zone_acknowledged_user_id)
        message = self._ack_messages(order)
        self.assertEqual(message.author_id, self.alpha)
        self.assertNotIn("Beta", message.body)
        self.assertNotIn(self.beta, order.message_partner_ids, "no follower")

    # ------------------------------------------------------------------
    # refused: nothing written
    # ------------------------------------------------------------------
    def test_twice_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._acknowledge(self.rfq_a, customer_zone_note="first")
        when = self.rfq_a.customer_zone_acknowledged_on
        response = self._acknowledge(self.rfq_a, customer_zone_note="second")
        self.assertIn("customer_zone_ack_error=refused", response.headers["Location"])
        self.assertIn("already acknowledged", self._page_after(response))
        self.rfq_a.invalidate_recordset()
        self.assertEqual(self.rfq_a.customer_zone_supplier_note, "first")
        self.assertEqual(self.rfq_a.customer_zone_acknowledged_on, when)
        self.assertEqual(len(self._ack_messages(self.rfq_a)), 1)

    def test_cancelled_order_is_refused(self):
        cancelled = self._purchase_order(self.alpha, "cancel")
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertNotIn(
            "o_customer_zone_ack_form", self._get(f"/my/purchase/{cancelled.id}").text
        )
        response = self._acknowledge(cancelled)
        self.assertIn("was cancelled", self._page_after(response))
        self._assert_untouched(cancelled)

    def test_another_suppliers_order_is_not_found(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._acknowledge(self.rfq_b).status_code, 404)
        self._assert_untouched(self.rfq_b)
        draft = self._purchase_order(self.alpha, "draft")
        self.assertEqual(self._acknowledge(draft).status_code, 404)
        self._assert_untouched(draft)

    def test_tampered_token_is_not_found(self):
        token = self.rfq_a._portal_ensure_token()
        self.authenticate(None, None)
        for bad in ("", "wrong", token + "x", token[:-1]):
            with self.subTest(token=bad):
                response = self._acknowledge(self.rfq_a, access_token=bad)
                self.assertEqual(response.status_code, 404)
        # the right token of another order
        self.assertEqual(
            self._acknowledge(self.rfq_b, access_token=token).status_code, 404
        )
        self._assert_untouched(self.rfq_a)
        self._assert_untouched(self.rfq_b)

    def test_zone_off_refuses(self):
        self.alpha.customer_zone_supplier_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._acknowledge(self.rfq_a).status_code, 404)
        self._assert_untouched(self.rfq_a)

    def test_without_csrf_token_nothing_is_written(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/purchase/{self.rfq_a.id}/acknowledge",
                data={"customer_zone_note": "x"},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)
        self._assert_untouched(self.rfq_a)

    def test_a_get_does_not_acknowledge(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._status(f"/my/purchase/{self.rfq_a.id}/acknowledge"), 405)
        self._assert_untouched(self.rfq_a)

    def test_employees_use_the_backend(self):
        self.authenticate("cz_purchase_buyer", "cz_purchase_buyer")
        self.assertEqual(self._acknowledge(self.rfq_a).status_code, 404)
        self._assert_untouched(self.rfq_a)

    def test_bad_input_gets_a_message(self):
        self.company.customer_zone_attachment_max_mb = 1
        far = fields.Date.to_string(self.today + timedelta(days=366 * 6))
        past = fields.Date.to_string(self.today - timedelta(days=1))
        cases = (
            ({"customer_zone_date": "2026-13-45"}, None, "not valid"),
            ({"customer_zone_date": "tomorrow"}, None, "not valid"),
            ({"customer_zone_date": "99999-01-01"}, None, "not valid"),
            ({"customer_zone_date": "9999-12-31"}, None, "not valid"),
            ({"customer_zone_date": "0001-01-01"}, None, "not valid"),
            ({"customer_zone_date": "1e309"}, None, "not valid"),
            ({"customer_zone_date": "２０２６-０１-０１"}, None, "not valid"),
            ({"customer_zone_date": far}, None, "not valid"),
            ({"customer_zone_date": past}, None, "not valid"),
            ({"customer_zone_note": "x" * 2001}, None, "too long"),
            (
                {},
                {"customer_zone_file": ("big.pdf", b"0" * (1024 * 1024 + 1), "x")},
                "too large",
            ),
            ({}, {"customer_zone_file": ("run.exe", b"MZ", "x")}, "not accepted"),
        )
        self.authenticate("cz_alpha", "cz_alpha")
        for values, files, message in cases:
            with self.subTest(values=str(values)[:40], files=bool(files)):
                response = self._acknowledge(self.rfq_a, files=files, **values)
                self.assertIn("customer_zone_ack_error=", response.headers["Location"])
                self.assertIn(message, self._page_after(response))
                self._assert_untouched(self.rfq_a)
        self.assertFalse(self._ack_messages(self.rfq_a))
        # a file sent under the note's name is no note; a NUL byte is dropped
        self._acknowledge(
            self.rfq_a,
            files={"customer_zone_note": ("note.txt", b"a file", "text/plain")},
        )
        self.assertTrue(self.rfq_a.acknowledged)
        self.assertFalse(self.rfq_a.customer_zone_supplier_note)
        self._acknowledge(self.po_a, customer_zone_note="ok\x00 then")
        self.assertEqual(self.po_a.customer_zone_supplier_note, "ok then")

    def test_expired_or_revoked_link_acknowledges_nothing(self):
        token = self.rfq_a._portal_ensure_token()
        self.rfq_a.customer_zone_token_expires_on = "2000-01-01 00:00:00"
        self.authenticate(None, None)
        self.assertEqual(
            self._acknowledge(self.rfq_a, access_token=token).status_code, 404
        )
        self._assert_untouched(self.rfq_a)
        self.rfq_a.customer_zone_token_expires_on = False
        self.alpha.action_customer_zone_revoke_links()
        self.assertEqual(
            self._acknowledge(self.rfq_a, access_token=token).status_code, 404
        )
        self._assert_untouched(self.rfq_a)

    def test_unknown_order_ids_are_not_found(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for order_id in ("0", "99999999", "abc", "-1", str(2**40)):
            with self.subTest(order_id=order_id), mute_logger("odoo.http"):
                response = self.url_open(
                    f"/my/purchase/{order_id}/acknowledge",
                    data={"csrf_token": self._csrf()},
                    allow_redirects=False,
                )
                self.assertIn(response.status_code, (404,))

    def _csrf(self):
        return http.Request.csrf_token(self)

    # ------------------------------------------------------------------
    # core's date update of a confirmed order
    # ------------------------------------------------------------------
    def _update_dates(self, order, params):
        with mute_logger("odoo.http"):
            return self.url_open(
                f"/my/purchase/{order.id}/update",
                json={"jsonrpc": "2.0", "method": "call", "params": params},
            )

    def test_update_dates_checks_its_input(self):
        line = self.po_a.order_line
        planned = line.date_planned
        self.authenticate("cz_alpha", "cz_alpha")
        for params in (
            {str(line.id): "2026-13-45"},
            {str(line.id): None},
            {str(line.id): ["2026-01-01"]},
            {"abc": self.later},
            {str(self.rfq_b.order_line.id): self.later},
            {str(line.id): "99999-01-01"},
        ):
            with self.subTest(params=str(params)):
                response = self._update_dates(self.po_a, params)
                self.assertEqual(response.status_code, 200)
                self.assertIn("error", response.json())
        line.invalidate_recordset()
        self.assertEqual(line.date_planned, planned)
        self._update_dates(self.po_a, {str(line.id): self.later})
        line.invalidate_recordset()
        self.assertEqual(fields.Date.to_string(line.date_planned.date()), self.later)
        # another supplier's order
        response = self._update_dates(
            self.rfq_b, {str(self.rfq_b.order_line.id): self.later}
        )
        self.assertIn("error", response.json())
