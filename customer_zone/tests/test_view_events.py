import re
from contextlib import contextmanager

from odoo import Command
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from ..controllers.outstanding import CustomerZoneOutstandingPortal
from ..controllers.statement import CustomerZoneStatementPortal
from .common import CustomerZoneHttpCommon

# a statement that changes the database (the page's own transaction must
# have none: its one write is the view's INSERT, in a transaction of its own)
WRITE = re.compile(r"^\s*(?:SET LOCAL [^;]*;\s*)?(INSERT|UPDATE|DELETE)\b", re.I)


@tagged("post_install", "-at_install")
class TestViewEvents(CustomerZoneHttpCommon):
    """Each view of a document or page of the zone by a customer lands as one
    row (reloads within the window count once); links, PDFs and downloads
    are views; employees and bad links never count; the page writes nothing
    else and costs the same whatever the history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo database carries a year of views: start from none
        cls.env["customer.zone.view.event"].search([]).unlink()
        cls.company.write(
            {
                "customer_zone_document_links": True,
                "customer_zone_view_window_minutes": 30,
            }
        )
        cls.invoice = cls._invoice(cls.alpha, 100.0, "2026-01-10")
        cls.other_invoice = cls._invoice(cls.alpha, 70.0, "2026-01-12")
        cls.credit_note = cls._invoice(
            cls.alpha, 20.0, "2026-01-15", move_type="out_refund"
        )
        cls.beta_invoice = cls._invoice(cls.beta, 300.0, "2026-01-10")
        cls.quotation = cls._quotation(cls.alpha, "sent")
        cls.accountant = new_test_user(
            cls.env,
            login="cz_view_accountant",
            groups="base.group_user,account.group_account_invoice",
            password="cz_view_accountant",
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _events(self, document=None, **values):
        """The view events (as the superuser), of ``document`` when given,
        matching ``values``."""
        self.env.invalidate_all()
        domain = [(name, "=", value) for name, value in values.items()]
        if document is not None:
            domain += [("res_model", "=", document._name), ("res_id", "=", document.id)]
        return self.env["customer.zone.view.event"].search(domain)

    def _link(self, document, token=None):
        token = token if token is not None else document._portal_ensure_token()
        return f"{document.access_url}?access_token={token}"

    def _age_events(self, minutes):
        """Move every recorded view ``minutes`` into the past (the window is
        measured from the database's clock), and into the slice of time of
        its new date (the key that counts a view once per slice)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE customer_zone_view_event AS event
                      SET create_date = event.create_date - make_interval(mins => %s),
                          window_slice = CASE
                              WHEN event.window_slice IS NOT NULL
                               AND company.customer_zone_view_window_minutes > 0
                              THEN floor(extract(epoch FROM (event.create_date
                                         - make_interval(mins => %s))
                                         AT TIME ZONE 'UTC')
                                   / (company.customer_zone_view_window_minutes
                                      * 60))::int4
                          END
                     FROM res_company AS company
                    WHERE company.id = event.company_id""",
                minutes,
                minutes,
            )
        )
        self.env.invalidate_all()

    @contextmanager
    def _captured_queries(self):
        """The SQL statements run meanwhile, by the test and by its requests."""
        queries = []
        yield from self._patchExecute(queries)

    def _assert_refused(self, response):
        """A refused document: the login redirect or /my, a 403 or a 404."""
        if response.status_code in (301, 302, 303):
            location = response.headers["Location"]
            self.assertTrue(
                location.endswith("/my") or "/web/login" in location, location
            )
        else:
            self.assertIn(response.status_code, (403, 404))

    # ------------------------------------------------------------------
    # one event per view
    # ------------------------------------------------------------------
    def test_invoice_page_is_one_view_and_a_reload_in_the_window_none(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get(self.invoice.access_url).status_code, 200)
        event = self._events(self.invoice)
        self.assertEqual(len(event), 1)
        self.assertRecordValues(
            event,
            [
                {
                    "target": "invoice",
                    "kind": "page",
                    "access": "session",
                    "partner_id": self.alpha.id,
                    "user_id": self.user_alpha.id,
                    "company_id": self.company.id,
                    "document_name": self.invoice.name,
                    "ip_address": "127.0.0.1",
                }
            ],
        )
        self.assertIn("python-requests", event.user_agent)
        for _reload in range(3):
            self.assertEqual(self._get(self.invoice.access_url).status_code, 200)
        self.assertEqual(len(self._events(self.invoice)), 1, "reloads count once")
        # once the window has passed, the next load is a new view
        self._age_events(31)
        self._get(self.invoice.access_url)
        self.assertEqual(len(self._events(self.invoice)), 2)

    def test_window_zero_counts_every_load(self):
        self.company.customer_zone_view_window_minutes = 0
        self.authenticate("cz_alpha", "cz_alpha")
        self._get(self.invoice.access_url)
        self._get(self.invoice.access_url)
        self.assertEqual(len(self._events(self.invoice)), 2)

    def test_a_contact_views_for_its_company(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self.assertEqual(self._get(self.invoice.access_url).status_code, 200)
        event = self._events(self.invoice)
        self.assertEqual(event.partner_id, self.alpha, "the commercial partner")
        self.assertEqual(event.user_id, self.user_alpha_buyer)

    def test_invoice_pdf_and_download_are_pdf_views(self):
        self.company.customer_zone_view_window_minutes = 0
        self.authenticate("cz_alpha", "cz_alpha")
        url = self.invoice.access_url
        self.assertEqual(self._get(f"{url}?report_type=pdf").status_code, 200)
        self.assertEqual(
            self._get(f"{url}?report_type=pdf&download=true").status_code, 200
        )
        events = self._events(self.invoice)
        self.assertEqual(events.mapped("kind"), ["pdf", "pdf"])
        self.assertEqual(set(events.mapped("target")), {"invoice"})

    def test_pdf_and_page_count_apart(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = self.invoice.access_url
        self._get(url)
        self._get(f"{url}?report_type=pdf")
        self._get(url)
        self._get(f"{url}?report_type=pdf")
        self.assertEqual(
            sorted(self._events(self.invoice).mapped("kind")), ["page", "pdf"]
        )

    def test_credit_note_page(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get(self.credit_note.access_url).status_code, 200)
        self.assertEqual(self._events(self.credit_note).target, "credit_note")

    def test_quotation_page_and_pdf(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = self.quotation.access_url
        self.assertEqual(self._get(url).status_code, 200)
        self.assertEqual(self._get(f"{url}?report_type=pdf").status_code, 200)
        events = self._events(self.quotation)
        self.assertEqual(sorted(events.mapped("kind")), ["page", "pdf"])
        self.assertEqual(set(events.mapped("target")), {"quotation"})
        self.assertEqual(events[0].document_name, self.quotation.name)
        self.quotation.action_confirm()
        self._age_events(31)
        self._get(url)
        self.assertEqual(self._events(self.quotation, kind="page")[0].target, "order")

    def test_statement_page_and_pdf(self):
        self.authenticate("cz_alpha", "cz_alpha")
        period = "date_from=2026-01-01&date_to=2026-03-31"
        self.assertEqual(self._get(f"/my/statement?{period}").status_code, 200)
        self.assertEqual(self._get(f"/my/statement/pdf?{period}").status_code, 200)
        events = self._events(target="statement")
        self.assertEqual(sorted(events.mapped("kind")), ["page", "pdf"])
        self.assertEqual(events.partner_id, self.alpha)
        self.assertFalse(any(events.mapped("res_model")))
        self.assertIn("2026-01-01", events[0].document_name)
        # another period is another statement; the same one again is a reload
        self._get(f"/my/statement?{period}")
        self._get("/my/statement?date_from=2025-01-01&date_to=2025-12-31")
        self.assertEqual(len(self._events(target="statement", kind="page")), 2)

    def test_statement_prepared_in_the_background_is_a_pdf_view(self):
        """The file of a long statement, kept by its job, is a view too."""
        pdf = self.env["ir.attachment"].create(
            {
                "name": "statement.pdf",
                "raw": b"%PDF-1.4 kept",
                "mimetype": "application/pdf",
            }
        )
        job = (
            self.env["customer.zone.statement.job"]
            .sudo()
            .create(
                {
                    "partner_id": self.alpha.id,
                    "company_id": self.company.id,
                    "user_id": self.user_alpha.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-12-31",
                    "line_count": 5000,
                    "state": "done",
                    "attachment_id": pdf.id,
                }
            )
        )
        url = f"/my/statement/pdf/{job.id}"
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._get(url).status_code, 404)
        self.assertFalse(self._events())
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._get(url)
        self.assertEqual(response.content, b"%PDF-1.4 kept")
        event = self._events()
        self.assertEqual(
            (event.target, event.kind, event.partner_id),
            ("statement", "pdf", self.alpha),
        )
        self.assertIn("2026-12-31", event.document_name)

    def test_outstanding_page(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/outstanding").status_code, 200)
        event = self._events(target="outstanding")
        self.assertEqual(len(event), 1)
        self.assertEqual((event.partner_id, event.kind), (self.alpha, "page"))

    def test_lists_are_no_views(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in ("/my", "/my/invoices", "/my/quotes", "/my/credit_notes"):
            self.assertEqual(self._get(url).status_code, 200, url)
        self.assertFalse(self._events())

    # ------------------------------------------------------------------
    # links
    # ------------------------------------------------------------------
    def test_link_view_is_the_documents_customer_without_user(self):
        link = self._link(self.invoice)
        self.authenticate(None, None)
        self.assertEqual(self._get(link).status_code, 200)
        self.assertEqual(self._get(f"{link}&report_type=pdf").status_code, 200)
        events = self._events(self.invoice)
        self.assertEqual(len(events), 2)
        for event in events:
            self.assertEqual(
                (event.access, event.user_id, event.partner_id),
                ("link", self.env["res.users"], self.alpha),
            )
        self._get(link)
        self.assertEqual(len(self._events(self.invoice)), 2, "a reload, by address")

    def test_link_held_by_another_customers_user(self):
        link = self._link(self.invoice)
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._get(link).status_code, 200)
        event = self._events(self.invoice)
        self.assertEqual(
            (event.access, event.user_id, event.partner_id),
            ("link", self.user_beta, self.alpha),
        )

    def test_wrong_or_absent_token_is_no_view(self):
        self.invoice._portal_ensure_token()
        self.authenticate(None, None)
        for url in (
            self._link(self.invoice, token="not-the-token"),
            self._link(self.invoice, token=""),
            self.invoice.access_url,
            f"{self._link(self.invoice, token='x')}&report_type=pdf",
        ):
            with self.subTest(url=url):
                self._assert_refused(self._get(url))
        self.assertFalse(self._events())

    def test_another_customers_document_is_no_view(self):
        self.authenticate("cz_beta", "cz_beta")
        for url in (
            self.invoice.access_url,
            f"{self.invoice.access_url}?report_type=pdf",
            f"{self.invoice.access_url}?report_type=pdf&download=true",
            self.quotation.access_url,
        ):
            with self.subTest(url=url):
                self._assert_refused(self._get(url))
        self.assertFalse(self._events())
        self.assertEqual(self._get(self.beta_invoice.access_url).status_code, 200)
        self.assertEqual(self._events().partner_id, self.beta)

    def test_employees_and_the_preview_never_count(self):
        self.authenticate("cz_view_accountant", "cz_view_accountant")
        for url in (
            self.invoice.access_url,
            f"{self.invoice.access_url}?report_type=pdf",
            self.quotation.access_url,
            f"/my/preview/{self.alpha.id}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 200)
        # an employee holding the customer's link is no customer either
        self.assertEqual(self._get(self._link(self.invoice)).status_code, 200)
        self.assertFalse(self._events())

    def test_link_previewer_is_no_view(self):
        link = self._link(self.invoice)
        self.authenticate(None, None)
        response = self._get(link, headers={"Odoo-Link-Preview": "True"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._events())

    # ------------------------------------------------------------------
    # cost and writes
    # ------------------------------------------------------------------
    def test_page_costs_the_same_on_every_visit_whatever_the_history(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = self.invoice.access_url
        self._get(url)  # compile the templates, warm the caches
        self.env["customer.zone.view.event"].search([]).unlink()
        first = self._page_query_count(url)
        self.assertEqual(len(self._events(self.invoice)), 1)
        later = [self._page_query_count(url) for _visit in range(9)]
        self.assertEqual(len(self._events(self.invoice)), 1)
        self.assertEqual(later, [first] * 9, "the tenth visit costs the first's")
        # thirty earlier views of the customer's documents change nothing
        Event = self.env["customer.zone.view.event"]
        Event._insert_views(
            self.env.cr,
            [
                {
                    "partner_id": self.alpha.id,
                    "user_id": self.user_alpha.id,
                    "company_id": self.company.id,
                    "target": "invoice",
                    "kind": "page",
                    "access": "session",
                    "res_model": "account.move",
                    "res_id": document.id,
                    "document_name": f"{document.name} {index}",
                }
                for index in range(15)
                for document in (self.other_invoice, self.credit_note)
            ],
            window_minutes=0,
        )
        self.assertEqual(len(self._events()), 31)
        self.assertEqual(self._page_query_count(url), first)
        self._age_events(31)
        self.assertEqual(self._page_query_count(url), first, "a new view")
        self.assertEqual(len(self._events(self.invoice)), 2)

    def test_the_view_is_the_pages_only_write_one_insert(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for document in (self.invoice, self.quotation):
            self._get(document.access_url)  # warm: the first render compiles
        self.env["customer.zone.view.event"].search([]).unlink()
        self.env.flush_all()
        before = {
            document: (document.write_date, len(document.message_ids))
            for document in (self.invoice, self.quotation)
        }
        for document in (self.invoice, self.quotation):
            with self.subTest(document=document._name), self._captured_queries() as q:
                self.assertEqual(self._get(document.access_url).status_code, 200)
            writes = [query for query in q if WRITE.match(query)]
            self.assertEqual(len(writes), 1, writes)
            self.assertIn("INSERT INTO customer_zone_view_event", writes[0])
            touching = [query for query in q if "customer_zone_view_event" in query]
            self.assertEqual(len(touching), 1, "one statement records the view")
        self.env.invalidate_all()
        for document, (write_date, messages) in before.items():
            self.assertEqual(document.write_date, write_date, "no write on it")
            self.assertEqual(len(document.message_ids), messages, "no chatter")
        self.assertEqual(len(self._events()), 2)

    def test_view_survives_the_read_only_pages_rollback(self):
        """A read-only route's transaction ends (rolled back) before the view
        is inserted in a transaction of its own: the row is there."""
        for method in (
            CustomerZoneOutstandingPortal.portal_my_outstanding,
            CustomerZoneStatementPortal.portal_my_statement,
        ):
            self.assertTrue(method.original_routing["readonly"], method.__name__)
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/outstanding").status_code, 200)
        self.assertEqual(self._get("/my/statement").status_code, 200)
        self.assertEqual(len(self._events(target="outstanding")), 1)
        self.assertEqual(len(self._events(target="statement")), 1)

    # ------------------------------------------------------------------
    # who reads the events
    # ------------------------------------------------------------------
    def test_portal_users_read_no_event_over_json_rpc(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._get(self.invoice.access_url)
        self.assertTrue(self._events())
        calls = [
            ("customer.zone.view.event", "search_read", [[]], {"fields": ["res_id"]}),
            ("customer.zone.view.event", "formatted_read_group", [[], ["target"]]),
            ("account.move", "read", [self.invoice.ids, ["customer_zone_view_count"]]),
            ("account.move", "search", [[("customer_zone_viewed", "=", True)]]),
        ]
        for model, method, args, *kwargs in calls:
            with (
                self.subTest(model=model, method=method),
                self.assertRaises(JsonRpcException) as refused,
                mute_logger("odoo.http"),
            ):
                self._call_kw(model, method, args, *kwargs)
            self.assertIn("AccessError", str(refused.exception))

    def test_invoicing_users_read_their_companys_events_only(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._get(self.invoice.access_url)
        other_company = self.env["res.company"].create({"name": "Other Zone Co"})
        other_accountant = new_test_user(
            self.env,
            login="cz_view_other_accountant",
            groups="base.group_user,account.group_account_invoice",
            password="cz_view_other_accountant",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.authenticate("cz_view_accountant", "cz_view_accountant")
        rows = self._call_kw(
            "customer.zone.view.event", "search_read", [[]], {"fields": ["res_id"]}
        )
        self.assertEqual([row["res_id"] for row in rows], self.invoice.ids)
        self.authenticate(other_accountant.login, other_accountant.login)
        rows = self._call_kw(
            "customer.zone.view.event", "search_read", [[]], {"fields": ["res_id"]}
        )
        self.assertEqual(rows, [], "another company's views stay hidden")
        Event = self.env["customer.zone.view.event"].with_user(other_accountant)
        self.assertFalse(Event.search([]))

    # ------------------------------------------------------------------
    # the document's form and lists
    # ------------------------------------------------------------------
    def test_form_figures_and_the_viewed_filters(self):
        self.company.customer_zone_view_window_minutes = 0
        self.authenticate("cz_alpha", "cz_alpha")
        self._get(self.invoice.access_url)
        self._age_events(60)
        self._get(f"{self.invoice.access_url}?report_type=pdf")
        self.env.invalidate_all()
        invoice = self.invoice.with_user(self.accountant)
        events = self._events(self.invoice)
        self.assertEqual(invoice.customer_zone_view_count, 2)
        self.assertTrue(invoice.customer_zone_viewed)
        self.assertEqual(
            invoice.customer_zone_first_viewed, min(events.mapped("create_date"))
        )
        self.assertEqual(
            invoice.customer_zone_last_viewed, max(events.mapped("create_date"))
        )
        self.assertLess(
            invoice.customer_zone_first_viewed, invoice.customer_zone_last_viewed
        )
        other = self.other_invoice.with_user(self.accountant)
        self.assertEqual(
            (other.customer_zone_view_count, other.customer_zone_viewed), (0, False)
        )
        self.assertFalse(other.customer_zone_first_viewed)
        Move = self.env["account.move"].with_user(self.accountant)
        ours = [("partner_id", "=", self.alpha.id)]
        self.assertEqual(
            Move.search(ours + [("customer_zone_viewed", "=", True)]), self.invoice
        )
        self.assertEqual(
            Move.search(ours + [("customer_zone_viewed", "=", False)]),
            self.other_invoice | self.credit_note,
        )
        self.assertEqual(
            Move.search(ours + [("customer_zone_viewed", "!=", True)]),
            self.other_invoice | self.credit_note,
        )
        Order = self.env["sale.order"].with_user(self.accountant)
        self.assertFalse(Order.search([("customer_zone_viewed", "=", True)]))
        self.assertIn(
            self.quotation, Order.search([("customer_zone_viewed", "=", False)])
        )

    def test_actions_open_the_events_and_the_document(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._get(self.invoice.access_url)
        self._get("/my/outstanding")
        invoice = self.invoice.with_user(self.accountant)
        action = invoice.action_customer_zone_view_events()
        Event = self.env["customer.zone.view.event"].with_user(self.accountant)
        self.assertEqual(Event.search(action["domain"]), self._events(self.invoice))
        event = Event.search(action["domain"])
        self.assertEqual(
            event.action_open_document(),
            {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "res_id": self.invoice.id,
                "views": [(False, "form")],
                "target": "current",
            },
        )
        page_view = Event.search([("target", "=", "outstanding")])
        action = page_view.action_open_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", self.alpha.id)
        )
