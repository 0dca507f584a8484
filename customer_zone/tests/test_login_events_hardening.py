import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import CustomerZoneCommon, CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestLoginEventsKept(CustomerZoneHttpCommon):
    """Login attempts are recorded whatever the entry point, within bounds."""

    def setUp(self):
        super().setUp()
        # core's per-address failure counter lives in the registry, across tests
        self._forget_failures()
        self.addCleanup(self._forget_failures)

    def _forget_failures(self):
        getattr(self.registry, "_login_failures", {}).pop("127.0.0.1", None)

    def _json_authenticate(self, login, password):
        """``/web/session/authenticate`` as a mobile app or script calls it."""
        self.authenticate(None, None)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {"db": self.env.cr.dbname, "login": login, "password": password},
        }
        response = self.url_open(
            "/web/session/authenticate",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _events(self, login):
        return self.env["customer.zone.login.event"].search([("login", "=", login)])

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users")
    def test_failed_json_rpc_login_survives_the_rollback(self):
        answer = self._json_authenticate("cz_alpha", "wrong")
        # the request failed: AccessDenied, its transaction rolled back
        self.assertEqual(
            answer["error"]["data"]["name"], "odoo.exceptions.AccessDenied"
        )
        event = self._events("cz_alpha")
        self.assertEqual(len(event), 1, "recorded once, in its own transaction")
        self.assertEqual(event.result, "wrong_password")
        self.assertEqual(event.user_id, self.user_alpha)
        self.assertEqual(event.company_id, self.company)
        self.assertEqual(event.ip_address, "127.0.0.1")

        answer = self._json_authenticate("nobody-json", "x")
        self.assertIn("error", answer)
        self.assertEqual(self._events("nobody-json").result, "unknown_login")
        self.assertFalse(self._events("nobody-json").company_id)

        answer = self._json_authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(answer["result"]["uid"], self.user_alpha.id)
        self.assertEqual(
            sorted(self._events("cz_alpha").mapped("result")),
            ["success", "wrong_password"],
            "a login that commits is recorded once",
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users")
    def test_rate_limited_attempts_are_not_recorded(self):
        self.env["ir.config_parameter"].set_param("base.login_cooldown_after", 2)
        self.env["ir.config_parameter"].set_param("base.login_cooldown_duration", 3600)
        self.env.flush_all()
        pages = [self._login_form("cz_beta", "wrong").text for _i in range(5)]
        self.assertNotIn("Too many login failures", pages[1])
        self.assertIn("Too many login failures", pages[-1])
        # the two attempts core checked, not the three it refused unseen
        self.assertEqual(
            self._events("cz_beta").mapped("result"), ["wrong_password"] * 2
        )
        # over JSON-RPC too
        answer = self._json_authenticate("cz_beta", "wrong")
        self.assertIn("Too many login failures", answer["error"]["data"]["message"])
        self.assertEqual(len(self._events("cz_beta")), 2)


@tagged("post_install", "-at_install")
class TestLoginEventsRetentionAndCompanies(CustomerZoneCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Zone Company B"})
        cls.gamma_b = cls.env["res.partner"].create(
            {"name": "Gamma B", "email": "gamma@b-company.test"}
        )
        cls.user_b = new_test_user(
            cls.env,
            login="cz_portal_b",
            groups="base.group_portal",
            partner_id=cls.gamma_b.id,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.biller_b = new_test_user(
            cls.env,
            login="cz_biller_b",
            groups="account.group_account_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        Event = cls.env["customer.zone.login.event"]
        cls.event_a = Event._record("cz_alpha", cls.user_alpha, "success")
        cls.event_b = Event._record("cz_portal_b", cls.user_b, "wrong_password")
        cls.event_unknown = Event._record(
            "nobody", cls.env["res.users"], "unknown_login"
        )

    def _age(self, events, days):
        events.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE customer_zone_login_event SET create_date = %s WHERE id IN %s",
                fields.Datetime.now() - timedelta(days=days),
                tuple(events.ids),
            )
        )
        events.invalidate_recordset(["create_date"])

    # ------------------------------------------------------------------
    # 5. retention
    # ------------------------------------------------------------------
    def test_purge_deletes_only_rows_older_than_the_retention(self):
        Event = self.env["customer.zone.login.event"]
        self.assertTrue(getattr(type(Event)._gc_login_events, "_autovacuum", False))
        self.env["res.company"].search([]).customer_zone_login_retention_days = 365
        self.company_b.customer_zone_login_retention_days = 0  # forever
        recent_a = Event._record("cz_alpha", self.user_alpha, "success")
        self._age(self.event_a | self.event_b | self.event_unknown, 400)
        self._age(recent_a, 300)

        Event._gc_login_events()
        self.assertFalse(self.event_a.exists(), "older than company A's 365 days")
        self.assertTrue(recent_a.exists())
        self.assertTrue(self.event_b.exists(), "company B keeps them forever")
        self.assertTrue(self.event_unknown.exists(), "a company keeps all: kept")

        self.company_b.customer_zone_login_retention_days = 30
        Event._gc_login_events()
        self.assertFalse(self.event_b.exists())
        self.assertFalse(self.event_unknown.exists(), "older than every retention")
        self.assertTrue(recent_a.exists())

    def test_retention_in_settings(self):
        self.assertEqual(self.company.customer_zone_login_retention_days, 365)
        admin = self.env.ref("base.user_admin")
        settings = Form(self.env["res.config.settings"].with_user(admin))
        settings.customer_zone_login_retention_days = 30
        settings.save().execute()
        self.assertEqual(self.company.customer_zone_login_retention_days, 30)

    # ------------------------------------------------------------------
    # 6. companies
    # ------------------------------------------------------------------
    def test_company_b_sees_only_its_own(self):
        self.assertEqual(self.event_a.company_id, self.company)
        self.assertEqual(self.event_b.company_id, self.company_b)
        Event = self.env["customer.zone.login.event"].with_user(self.biller_b)
        self.assertEqual(
            Event.search([("id", "in", (self.event_a | self.event_b).ids)]),
            self.event_b,
        )
        self.assertIn(self.event_unknown, Event.search([]), "no company: seen by all")

        Invitation = self.env["customer.zone.invitation"]
        invitation_a = Invitation._invite(self.alpha_buyer, "<p>A</p>")
        invitation_b = Invitation.with_company(self.company_b)._invite(
            self.gamma_b, "<p>B</p>"
        )
        self.assertEqual(invitation_a.company_id, self.company)
        self.assertEqual(invitation_b.company_id, self.company_b)
        self.assertEqual(
            Invitation.with_user(self.biller_b).search(
                [("id", "in", (invitation_a | invitation_b).ids)]
            ),
            invitation_b,
        )

        self.company.customer_zone_signin_links = True
        self.user_alpha._customer_zone_signin_url()
        Link = self.env["customer.zone.signin.link"]
        self.assertTrue(Link.search([("user_id", "=", self.user_alpha.id)]))
        self.assertFalse(
            Link.with_user(self.biller_b).search([("user_id", "=", self.user_alpha.id)])
        )

    def test_billing_users_do_not_read_employees_logins(self):
        employee = new_test_user(
            self.env, login="cz_employee_a", groups="base.group_user"
        )
        biller = new_test_user(
            self.env, login="cz_biller_a", groups="account.group_account_invoice"
        )
        Event = self.env["customer.zone.login.event"]
        employee_event = Event._record("cz_employee_a", employee, "success")
        admin_event = Event._record("admin", self.env.ref("base.user_admin"), "success")
        seen = Event.with_user(biller).search([])
        self.assertIn(self.event_a, seen, "a customer's login")
        self.assertIn(self.event_unknown, seen, "an unknown login")
        self.assertNotIn(employee_event, seen)
        self.assertNotIn(admin_event, seen)
        seen_by_admin = Event.with_user(self.env.ref("base.user_admin")).search([])
        self.assertIn(employee_event, seen_by_admin)
