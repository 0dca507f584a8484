import re

from odoo import Command, fields
from odoo.tests import HttpCase, common, new_test_user
from odoo.tools import SQL

from odoo.addons.base.tests.common import BaseCommon

# Odoo gives headless Chrome 10 s to start (odoo.tests.common), then skips the
# tour: a busy 2-core machine sometimes needs longer to start it (not to run
# the tour). A minute to start, so that a tour is run, never skipped, on a
# slower machine; the tours' own steps keep Odoo's timeouts.
common.CHECK_BROWSER_ITERATIONS = 600

# A visit of /my/home after a change of what its account summary shows
# computes the summary live and keeps it (customer.zone.summary.snapshot):
# two queries more than a visit that reads the kept summary.
SUMMARY_RECOMPUTED_QUERIES = 2
HOME_URLS = ("/my", "/my/home")


class CustomerZoneDemoCase(common.TransactionCase):
    """The demo customers of customer_zone, for tests that read the demo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.env.ref("customer_zone.partner_acme_demo")
        cls.acme_buyer = cls.env.ref("customer_zone.partner_acme_buyer_demo")
        cls.bluebird = cls.env.ref("customer_zone.partner_bluebird_demo")
        cls.cedar = cls.env.ref("customer_zone.partner_cedar_demo")
        cls.delta = cls.env.ref("customer_zone.partner_delta_demo")
        cls.zone_customers = cls.acme | cls.bluebird | cls.cedar


class NoWallClock:
    """HTTP requests of a test wait as long as the server needs: a slow
    machine must not fail a test (Odoo's default gives up after 12 s)."""

    HTTP_TIMEOUT = 600

    def url_open(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.HTTP_TIMEOUT)
        return super().url_open(*args, **kwargs)

    def make_jsonrpc_request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.HTTP_TIMEOUT)
        return super().make_jsonrpc_request(*args, **kwargs)


class CustomerZoneCommon(BaseCommon):
    """Customers, portal users and documents built by the test itself, on
    core's ``BaseCommon`` (mail context, main company, other currency).

    Two customer companies: Alpha (with a contact, Alpha's buyer) and Beta,
    each with a portal user whose password is its login. No taxes, so that
    every figure is the amount typed here. The company's zone shows the full
    account to every customer by default.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_mode": "account",
                "customer_zone_default_access": True,
                # on in the demo: the tests that publish quotations for their
                # own purpose send no email (test_quote_published switches it)
                "customer_zone_quote_published_email": False,
            }
        )
        cls.other_currency = cls.setup_other_currency(
            "EUR" if cls.currency.name != "EUR" else "USD",
            rates=[("2000-01-01", 0.5)],
        )
        Partner = cls.env["res.partner"]
        cls.alpha = Partner.create(
            {"name": "Alpha Zone Test Co", "is_company": True, "email": "a@alpha.test"}
        )
        cls.alpha_buyer = Partner.create(
            {"name": "Alpha Buyer", "parent_id": cls.alpha.id, "email": "b@alpha.test"}
        )
        cls.beta = Partner.create(
            {"name": "Beta Zone Test Co", "is_company": True, "email": "c@beta.test"}
        )
        cls.user_alpha = cls._portal_user("cz_alpha", cls.alpha)
        cls.user_alpha_buyer = cls._portal_user("cz_alpha_buyer", cls.alpha_buyer)
        cls.user_beta = cls._portal_user("cz_beta", cls.beta)
        cls.product = cls.env["product.product"].create(
            {"name": "Zone test service", "type": "service", "invoice_policy": "order"}
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )

    @classmethod
    def _portal_user(cls, login, partner):
        """A portal user of ``partner`` whose password is its login."""
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            name=partner.name,
            email=partner.email,
            password=login,
            company_id=cls.company.id,
        )

    # ------------------------------------------------------------------
    # documents
    # ------------------------------------------------------------------
    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        date,
        move_type="out_invoice",
        currency=None,
        due=None,
        company=None,
    ):
        """A posted customer invoice (or ``move_type``) of one line, no tax,
        in ``company`` (the test's company by default)."""
        move = (
            cls.env["account.move"]
            .with_company(company or cls.company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": date,
                    "invoice_date_due": due or date,
                    "currency_id": (currency or cls.currency).id,
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
        move.action_post()
        return move.with_env(cls.env)

    @classmethod
    def _register_payment(cls, moves, amount, date):
        """Register a payment of ``amount`` on ``moves`` (an invoice or refund),
        as an accountant does from the invoice."""
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(
                {
                    "payment_date": date,
                    "journal_id": cls.bank_journal.id,
                    "amount": amount,
                    "payment_difference_handling": "open",
                }
            )
        )
        return wizard._create_payments()

    @classmethod
    def _payment_on_account(cls, partner, amount, date, currency=None):
        """A posted customer payment, reconciled with nothing."""
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": date,
                "currency_id": (currency or cls.currency).id,
                "journal_id": cls.bank_journal.id,
            }
        )
        payment.action_post()
        return payment

    @classmethod
    def _quotation(cls, partner, state="draft", published=False, company=None):
        """A quotation of one line, taken to ``state``, in ``company``."""
        order = (
            cls.env["sale.order"]
            .with_company(company or cls.company)
            .create(
                {
                    "partner_id": partner.id,
                    "customer_zone_published": published,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": 50,
                            }
                        )
                    ],
                }
            )
        )
        if state in ("sent", "sale", "cancel"):
            order.action_quotation_sent()
        if state == "sale":
            order.action_confirm()
        if state == "cancel":
            order._action_cancel()
        return order

    @staticmethod
    def _date(value):
        return fields.Date.to_date(value)


class CustomerZoneHttpCommon(NoWallClock, CustomerZoneCommon, HttpCase):
    """The fixtures, and the requests a test makes of the zone."""

    def _get(self, url, **kwargs):
        """GET ``url`` as the logged-in user, redirects not followed."""
        return self.url_open(url, allow_redirects=False, **kwargs)

    def _assert_redirect(self, response, target):
        """``response`` is a redirect (303) to a URL containing ``target``."""
        self.assertEqual(response.status_code, 303, response.url)
        self.assertIn(target, response.headers["Location"])

    def _login_form(self, login, password, keep_session=False):
        """Log in through the real login form (CSRF token from the page), as
        a person does; the response is not followed. ``keep_session``: the
        visitor's own session, and what it remembers (where a refused link
        pointed), instead of a fresh one."""
        if not keep_session:
            self.authenticate(None, None)
        page = self.url_open("/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
            allow_redirects=False,
        )

    # the tables of the documents whose links the query-count tests forget
    TOKEN_TABLES = ("account_move", "sale_order")

    def _forget_tokens(self):
        """As if no link to any document of TOKEN_TABLES had ever been
        issued."""
        self.env.flush_all()
        for table in self.TOKEN_TABLES:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET access_token = NULL, "
                    "customer_zone_token_expires_on = NULL",
                    SQL.identifier(table),
                )
            )
        self.env.invalidate_all()

    def _tokens(self):
        """How many documents of TOKEN_TABLES have a link."""
        self.env.flush_all()
        counts = SQL(" + ").join(
            SQL(
                "(SELECT count(*) FROM %s WHERE access_token IS NOT NULL)",
                SQL.identifier(table),
            )
            for table in self.TOKEN_TABLES
        )
        self.env.cr.execute(SQL("SELECT %s", counts))
        return self.env.cr.fetchone()[0]

    def _first_and_later(self, urls):
        """The queries of each of ``urls`` on a first visit (no document ever
        had a link: the visit mints none; no account summary kept), then on
        a later one. A first visit of /my/home runs
        ``_first_visit_extra(url)`` more."""
        counts = {}
        for url in urls:
            self._forget_tokens()
            self._forget_kept_summaries()
            first = self._page_query_count(url)
            self.assertEqual(self._tokens(), 0, f"{url} wrote access tokens")
            counts[url] = (first, self._page_query_count(url))
        return counts

    def _forget_kept_summaries(self):
        """As if no customer had visited /my/home yet."""
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM customer_zone_summary_snapshot")

    @staticmethod
    def _first_visit_extra(url):
        """How many more queries a first visit of ``url`` runs than a later
        one: the account summary computed and kept on /my/home."""
        if url.split("?")[0] in HOME_URLS:
            return SUMMARY_RECOMPUTED_QUERIES
        return 0

    def _page_query_count(self, url):
        """The SQL queries one visit of ``url`` runs (the page must answer 200)."""
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return self.cr.sql_log_count - before

    def _call_kw(self, model, method, args, kwargs=None):
        """An ORM call over JSON-RPC, as the logged-in portal user makes it."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )
