from odoo.exceptions import AccessError, UserError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import CustomerZoneHttpCommon

NOTE_TEXT = "Pays late in August, call Anna before shipping"
PUBLIC_TEXT = "Thank you for your order, Alpha"


@tagged("post_install", "-at_install")
class TestCustomerNotes(CustomerZoneHttpCommon):
    """Customer notes: posted from the form, counted and listed for the
    team, never read by the customer, whatever route or RPC it tries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="cz_notes_accountant",
            groups="base.group_user,base.group_partner_manager,"
            "account.group_account_invoice",
            company_id=cls.company.id,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="cz_notes_salesman",
            groups="base.group_user,base.group_partner_manager,"
            "sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.subtype = cls.env.ref("customer_zone.mt_customer_note")
        # a note added from the buyer's (a contact's) form lands on Alpha
        cls.note = cls._add_note(cls.accountant, cls.alpha_buyer, f"<p>{NOTE_TEXT}</p>")
        # a public message on Alpha: what the customer may read, to prove the
        # routes below answer at all
        cls.public = cls.alpha.message_post(
            body=PUBLIC_TEXT, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    @classmethod
    def _add_note(cls, user, partner, body):
        """Post ``body`` through the quick-add wizard, as ``user`` does from
        ``partner``'s form; return the note posted."""
        action = partner.with_user(user).action_customer_zone_notes()
        before = cls.env["mail.message"].search(action["domain"]).ids
        wizard = (
            cls.env["customer.zone.customer.note.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_id=partner.id)
            .create({"body": body})
        )
        wizard.action_post()
        return cls.env["mail.message"].search(
            [*action["domain"], ("id", "not in", before)]
        )

    # ------------------------------------------------------------------
    # the team
    # ------------------------------------------------------------------
    def test_quick_add_posts_an_internal_note_on_the_customer(self):
        self.assertEqual(len(self.note), 1)
        self.assertEqual(self.note.model, "res.partner")
        self.assertEqual(self.note.res_id, self.alpha.id, "on the customer")
        self.assertEqual(self.note.subtype_id, self.subtype)
        self.assertTrue(self.note.subtype_id.internal)
        self.assertEqual(self.note.message_type, "comment")
        self.assertEqual(self.note.author_id, self.accountant.partner_id)
        self.assertIn(NOTE_TEXT, self.note.body)
        self.assertFalse(self.note.partner_ids, "a note notifies nobody")
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", self.note.id)])
        )

    def test_smart_button_and_filter_count_the_notes(self):
        second = self._add_note(self.salesman, self.alpha, "<p>Prefers email</p>")
        self.assertEqual(len(second), 1, "salespeople add notes too")
        self.alpha.invalidate_recordset(["customer_zone_note_count"])
        self.alpha_buyer.invalidate_recordset(["customer_zone_note_count"])
        self.assertEqual(self.alpha.customer_zone_note_count, 2)
        self.assertEqual(
            self.alpha_buyer.customer_zone_note_count,
            2,
            "a contact shows its customer's",
        )
        self.assertEqual(self.beta.customer_zone_note_count, 0)
        action = self.alpha_buyer.with_user(
            self.accountant
        ).action_customer_zone_notes()
        notes = (
            self.env["mail.message"]
            .with_user(self.accountant)
            .search(action["domain"], order="date desc, id desc")
        )
        self.assertEqual(notes, second | self.note, "the public message is not a note")
        self.assertEqual(notes[0], second, "newest first")
        # the shared "Customer notes" filter of message lists
        saved = self.env.ref("customer_zone.customer_zone_customer_note_filter")
        found = self.env["mail.message"].search(safe_eval(saved.domain))
        self.assertIn(self.note, found)
        self.assertIn(second, found)
        self.assertNotIn(self.public, found)

    def test_an_employee_reads_the_notes(self):
        body = self.note.with_user(self.salesman).read(["body"])[0]["body"]
        self.assertIn(NOTE_TEXT, body)

    def test_an_empty_note_is_refused(self):
        wizard = (
            self.env["customer.zone.customer.note.wizard"]
            .with_user(self.accountant)
            .with_context(active_model="res.partner", active_id=self.alpha.id)
            .create({"body": "<p><br></p>"})
        )
        with self.assertRaisesRegex(UserError, "Write the note"):
            wizard.action_post()

    def test_a_portal_user_cannot_post_or_read_notes_in_the_orm(self):
        with self.assertRaises(AccessError):
            self.env["customer.zone.customer.note.wizard"].with_user(
                self.user_alpha
            ).create({"partner_id": self.alpha.id, "body": "<p>x</p>"})
        messages = (
            self.env["mail.message"]
            .with_user(self.user_alpha)
            .search([("model", "=", "res.partner"), ("res_id", "=", self.alpha.id)])
        )
        self.assertIn(self.public, messages)
        self.assertNotIn(self.note, messages)
        with self.assertRaises(AccessError):
            self.note.with_user(self.user_alpha).read(["body"])

    # ------------------------------------------------------------------
    # the customer, over the wire
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_portal_user_reads_no_note_over_json_rpc(self):
        self.authenticate("cz_alpha", "cz_alpha")
        found = self._call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "res.partner"), ("res_id", "=", self.alpha.id)]],
            {"fields": ["body", "subtype_id"]},
        )
        ids = [message["id"] for message in found]
        self.assertIn(self.public.id, ids, "the customer reads its public messages")
        self.assertNotIn(self.note.id, ids)
        self.assertNotIn(NOTE_TEXT, str(found))
        found = self._call_kw(
            "mail.message",
            "search_read",
            [[("subtype_id", "=", self.subtype.id)]],
            {"fields": ["body"]},
        )
        self.assertEqual(found, [])
        with self.assertRaises(JsonRpcException):
            self._call_kw("mail.message", "read", [[self.note.id], ["body"]])
        partner = self._call_kw(
            "res.partner",
            "read",
            [[self.alpha.id], ["message_ids", "website_message_ids"]],
        )[0]
        self.assertIn(self.public.id, partner["website_message_ids"])
        self.assertNotIn(self.note.id, partner["message_ids"])
        self.assertNotIn(self.note.id, partner["website_message_ids"])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.partner", "read", [[self.alpha.id], ["customer_zone_note_count"]]
            )

    def _raw_jsonrpc(self, route, params):
        """The raw answer of a JSON-RPC route (an error answer included)."""
        return self.opener.post(
            f"{self.base_url()}{route}",
            json={"jsonrpc": "2.0", "method": "call", "id": 0, "params": params},
            timeout=self.HTTP_TIMEOUT,
        )

    @mute_logger("odoo.http")
    def test_portal_chatter_routes_never_give_a_note(self):
        thread = {"thread_model": "res.partner", "thread_id": self.alpha.id}
        bad_hash = {"hash": "0" * 64, "pid": self.alpha.id}
        token = {"token": "not-a-token"}
        for login in ("cz_alpha", "cz_alpha_buyer", "cz_beta", None):
            self.authenticate(login, login)
            with self.subTest(login=login):
                # the chatter of the record, as the portal's chatter reads it
                answer = self._raw_jsonrpc("/mail/chatter_fetch", thread)
                self.assertEqual(answer.status_code, 200)
                self.assertNotIn(NOTE_TEXT, answer.text)
                if login in ("cz_alpha", "cz_alpha_buyer"):
                    # the route works: the public message comes out
                    self.assertIn(PUBLIC_TEXT, answer.text)
                for extra in ({}, bad_hash, token):
                    for route in (
                        "/mail/chatter_fetch",
                        "/portal/chatter_init",
                        "/mail/thread/messages",
                    ):
                        answer = self._raw_jsonrpc(route, {**thread, **extra})
                        self.assertNotIn(NOTE_TEXT, answer.text, (route, extra))
        # the owner's chatter messages route: the public message, not the note
        self.authenticate("cz_alpha", "cz_alpha")
        result = self.make_jsonrpc_request("/mail/thread/messages", thread)
        self.assertIn(self.public.id, result["messages"])
        self.assertNotIn(self.note.id, result["messages"])
