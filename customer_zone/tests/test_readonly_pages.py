"""The pages of the zone are read-only routes that write nothing.

A read-only route runs on a read-only cursor (on the replica when Odoo has
one, ``--db_replica_host``); a write there fails and Odoo serves the whole
request a second time on the primary, logging "retrying with a read/write
cursor". Odoo's HttpCase gives a read-only route a read-only test cursor, so
the same failure and retry happen here when a page writes.
"""

from odoo.http import _generate_routing_rules
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CustomerZoneHttpCommon

# The routes of our addons that answer a GET and stay read/write, and why.
# Every other GET route of a customer_zone* addon must be read-only.
READ_WRITE_GET_ROUTES = {
    # logging in writes (the session, core's login log, our login events)
    "/web/login",
    # an accountant's preview is logged in the customer's chatter
    "/my/preview/<int:partner_id>",
    # payment pages: the payment form, then the transaction the customer
    # starts from it; kept on the primary, where the payment just made is
    # read back (a replica may lag behind it)
    "/my/outstanding/pay",
    "/my/outstanding/pay_on_account",
    "/my/invoices/overdue",
    "/my/payment_method",
    # helpdesk_mgmt's new-ticket form calls core's session_info, which
    # creates the user's settings row on a first visit (the form posts to
    # /submitted/ticket anyway)
    "/new/ticket",
    # a long statement's job: the POST asking for it redirects here at once,
    # before a replica may have the job (then a 404)
    "/my/statement/pdf/<int:job_id>",
}


def _owner_modules(endpoint):
    """The addons whose classes define the endpoint's method."""
    method = endpoint.func
    name = method.__name__
    return {
        cls.__module__.split(".")[2]
        for cls in type(method.__self__).mro()
        if name in cls.__dict__ and cls.__module__.startswith("odoo.addons.")
    }


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(CustomerZoneHttpCommon):
    def _zone_routes(self):
        """{url: routing} of the routes our addons define or extend."""
        modules = sorted(self.env.registry._init_modules)
        routes = {}
        for url, endpoint in _generate_routing_rules(modules, nodb_only=False):
            owners = _owner_modules(endpoint)
            if any(owner.startswith("customer_zone") for owner in owners):
                routes[url] = endpoint.routing
        return routes

    def test_every_get_route_is_readonly(self):
        routes = self._zone_routes()
        self.assertIn("/my/statement", routes)
        self.assertIn("/my/home", routes, "core's page we extend counts too")
        read_write = set()
        for url, routing in routes.items():
            methods = routing["methods"]
            # a JSON-RPC call is a POST, whatever its routing says
            if routing["type"] != "http" or (methods and "GET" not in methods):
                continue
            readonly = routing["readonly"]
            if readonly is True or callable(readonly):
                continue
            read_write.add(url)
        self.assertEqual(
            read_write - READ_WRITE_GET_ROUTES,
            set(),
            "GET routes left read/write (make them readonly, or allowlist "
            "them with the reason)",
        )
        # an entry of the list that no longer exists or became read-only
        # is dropped from it
        self.assertEqual(READ_WRITE_GET_ROUTES - read_write, set())


@tagged("post_install", "-at_install")
class TestReadonlyPagesWriteNothing(CustomerZoneHttpCommon):
    """As the customer, on a first visit (no document has a link yet) and a
    later one: every page answers from its read-only cursor, with no retry
    on the primary, and no row of the customer's documents changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls._date
        cls.invoice = cls._invoice(cls.alpha, 300.0, d("2026-01-10"))
        cls.paid = cls._invoice(cls.alpha, 120.0, d("2026-01-20"))
        cls._register_payment(cls.paid, 120.0, d("2026-01-25"))
        cls.refund = cls._invoice(
            cls.alpha, 40.0, d("2026-02-01"), move_type="out_refund"
        )
        cls.quote = cls._quotation(cls.alpha, "sent")
        # a quotation paid online: core's page asks for a token for its
        # payment form
        cls.payable_quote = cls._quotation(cls.alpha, "sent")
        cls.payable_quote.write(
            {
                "require_payment": True,
                "require_signature": False,
                "prepayment_percent": 1.0,
            }
        )
        cls.order = cls._quotation(cls.alpha, "sale")

    def _rows(self):
        """The transaction id that last wrote each row of the customer's
        documents and partners (``xmin``: any UPDATE changes it, even one in
        the same transaction as the test's, which ``write_date`` would not
        show)."""
        self.env.flush_all()
        partners = tuple((self.alpha | self.alpha_buyer | self.beta).ids)
        rows = {}
        for table, column in (
            ("account_move", "partner_id"),
            ("sale_order", "partner_id"),
            ("res_partner", "id"),
        ):
            self.env.cr.execute(
                SQL(
                    "SELECT id, xmin::text FROM %s WHERE %s IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    partners,
                )
            )
            rows.update({(table, id_): xmin for id_, xmin in self.env.cr.fetchall()})
        return rows

    def _pages(self):
        return [
            "/my",
            "/my/home",
            "/my/invoices",
            f"/my/invoices/{self.invoice.id}",
            f"/my/invoices/{self.invoice.id}?report_type=pdf&download=true",
            "/my/credit_notes",
            f"/my/invoices/{self.refund.id}",
            "/my/payments",
            "/my/quotes",
            f"/my/orders/{self.quote.id}",
            f"/my/orders/{self.payable_quote.id}",
            "/my/orders",
            f"/my/orders/{self.order.id}",
            "/my/statement",
            "/my/statement?date_from=2021-01-01&date_to=2026-12-31",
            "/my/statement/pdf?date_from=2026-01-01&date_to=2026-03-31",
            "/my/outstanding",
            "/my/outstanding/print",
            "/my/details",
            "/my/security",
            "/my/addresses",
        ]

    def test_pages_write_nothing(self):
        self._forget_tokens()
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._rows()
        for visit in ("first", "later"):
            for url in self._pages():
                with self.subTest(visit=visit, url=url):
                    with self.assertNoLogs("odoo.http", level="WARNING"):
                        response = self._get(url)
                    self.assertEqual(response.status_code, 200)
                    if url.endswith(f"/my/orders/{self.payable_quote.id}"):
                        self.assertIn('id="payment_method"', response.text)
        self.assertEqual(self._tokens(), 0, "a GET minted a link")
        after = self._rows()
        changed = sorted(key for key in after if before.get(key) != after[key])
        self.assertEqual(changed, [], "rows written by a GET")


@tagged("post_install", "-at_install")
class TestFirstLoginOnce(CustomerZoneHttpCommon):
    """The first login is dated once, in a transaction of its own (so that
    simultaneous logins do not collide), and only its session is welcomed."""

    def test_first_login_dated_once(self):
        self.assertFalse(self.beta.customer_zone_first_login_on)
        self.assertEqual(self._login_form("cz_beta", "cz_beta").status_code, 303)
        self.beta.invalidate_recordset()
        first = self.beta.customer_zone_first_login_on
        self.assertTrue(first)
        self.assertIn("o_cz_welcome", self._get("/my/home").text)
        # another login, another session: the date stays, no welcome
        self.assertEqual(self._login_form("cz_beta", "cz_beta").status_code, 303)
        self.beta.invalidate_recordset()
        self.assertEqual(self.beta.customer_zone_first_login_on, first)
        self.assertNotIn("o_cz_welcome", self._get("/my/home").text)

    def test_a_login_that_lost_the_race_is_not_first(self):
        """Two logins that both read no date (at the same moment): the other
        one's UPDATE lands first, this one's finds the date and leaves it."""
        self.assertFalse(self.beta.customer_zone_first_login_on)
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner
                      SET customer_zone_first_login_on = '2026-01-02 03:04:05'
                    WHERE id = %s""",
                self.beta.id,
            )
        )
        self.user_beta._customer_zone_note_first_login()
        self.beta.invalidate_recordset()
        self.assertEqual(
            str(self.beta.customer_zone_first_login_on), "2026-01-02 03:04:05"
        )
