from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon

FIGURES = ("invoiced", "credited", "paid", "overdue")


@tagged("post_install", "-at_install")
class TestPartnerTrends(CustomerZoneHttpCommon):
    """The trends on the customer form are the books' month by month: what
    was invoiced, credited and paid in each month and what was overdue at its
    end; how many days the customer takes to pay; readable by accountants
    only, in their companies only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the months as the trends count them (the user's today); every
        # document below is dated in the three months before the current one
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        current = cls.today.replace(day=1)
        cls.m0 = current
        cls.m1, cls.m2, cls.m3 = (current - relativedelta(months=n) for n in (1, 2, 3))

        def day(month, number):
            return month + relativedelta(days=number - 1)

        cls.day = staticmethod(day)
        # A: 1000, due on the 15th; half paid on the 20th, overdue for the
        # other half at the end of M-3 and M-2, settled on the 10th of M-1
        cls.inv_a = cls._invoice(cls.alpha, 1000, day(cls.m3, 5), due=day(cls.m3, 15))
        cls._register_payment(cls.inv_a, 500, day(cls.m3, 20))
        cls._register_payment(cls.inv_a, 500, day(cls.m1, 10))
        # B: 300 due on the 10th of M-2, paid late on the 5th of M-1: overdue
        # at the end of M-2, no longer at the end of M-1
        cls.inv_b = cls._invoice(cls.alpha, 300, day(cls.m2, 3), due=day(cls.m2, 10))
        cls._register_payment(cls.inv_b, 300, day(cls.m1, 5))
        # an open credit note, a payment on account: never overdue
        cls._invoice(cls.alpha, 50, day(cls.m2, 7), move_type="out_refund")
        cls._payment_on_account(cls.alpha, 70, day(cls.m1, 12))
        # C: not due before two months; D: a contact's, due on the 20th of M-1,
        # never paid; E: paid on time, 5 days after its date
        cls.inv_c = cls._invoice(
            cls.alpha, 200, day(cls.m1, 3), due=cls.m0 + relativedelta(days=60)
        )
        cls.inv_d = cls._invoice(
            cls.alpha_buyer, 80, day(cls.m1, 15), due=day(cls.m1, 20)
        )
        cls.inv_e = cls._invoice(cls.alpha, 100, day(cls.m1, 1), due=day(cls.m1, 21))
        cls._register_payment(cls.inv_e, 100, day(cls.m1, 6))
        # another customer's; one of its invoices in a currency worth half
        # the company's, half paid in that currency
        cls._invoice(cls.beta, 999, day(cls.m2, 4), due=day(cls.m2, 5))
        foreign = cls._invoice(
            cls.beta,
            100,
            day(cls.m3, 2),
            due=day(cls.m3, 4),
            currency=cls.other_currency,
        )
        cls._register_payment(foreign, 50, day(cls.m3, 10))
        # the same customer in another company
        cls.company_b = cls._create_company(
            name="Zone Trends Company B", currency_id=cls.currency.id
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False
        )
        cls._invoice(
            cls.alpha, 777, day(cls.m2, 4), due=day(cls.m2, 5), company=cls.company_b
        )
        cls.billing = new_test_user(
            cls.env,
            login="cz_trend_billing",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="cz_trend_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _trends(self, partner, company=None, user=None):
        """``{month: {figure: amount}}`` of ``partner`` in ``company`` (the
        test's), read as ``user`` (the superuser by default)."""
        Trend = self.env["customer.zone.partner.trend"]
        if user:
            Trend = Trend.with_user(user)
        rows = Trend.search_read(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", (company or self.company).id),
            ],
            ["date", *FIGURES],
        )
        return {row["date"]: {name: row[name] for name in FIGURES} for row in rows}

    def _month(self, invoiced=0.0, credited=0.0, paid=0.0, overdue=0.0):
        return {
            "invoiced": invoiced,
            "credited": credited,
            "paid": paid,
            "overdue": overdue,
        }

    # ------------------------------------------------------------------
    # the figures
    # ------------------------------------------------------------------
    def test_months_are_the_books(self):
        trends = self._trends(self.alpha)
        self.assertEqual(
            sorted(trends),
            [self.m0 - relativedelta(months=n) for n in range(11, -1, -1)],
            "the current month and the eleven before it, empty ones included",
        )
        self.assertEqual(
            trends[self.m3],
            # half of A paid on the 20th: the other half overdue at the end
            self._month(invoiced=1000, paid=500, overdue=500),
        )
        self.assertEqual(
            trends[self.m2],
            # A's half and B (due on the 10th) overdue; the credit note is
            # not a payment and never overdue; Beta's 999 and the other
            # company's 777 are not Alpha's here
            self._month(invoiced=300, credited=50, overdue=800),
        )
        self.assertEqual(
            trends[self.m1],
            # C + the contact's D + E; A's rest, B, on account, E; only D
            # (due on the 20th, unpaid) overdue at the end
            self._month(invoiced=380, paid=970, overdue=80),
        )
        # today: D still overdue, C not due yet
        self.assertEqual(trends[self.m0], self._month(overdue=80))
        for month in trends:
            if month < self.m3:
                self.assertEqual(trends[month], self._month(), month)

    def test_overdue_today_is_the_credit_figures(self):
        """The current month's overdue is the customer's overdue amount as
        the credit figures count it (one definition)."""
        figures = self.alpha._customer_zone_credit_figures(self.company)
        self.assertEqual(
            self._trends(self.alpha)[self.m0]["overdue"], figures[self.alpha.id].overdue
        )

    def test_other_customers_and_companies_are_not_counted(self):
        beta = self._trends(self.beta)
        # in the company's currency: 100 at 0.5 is 200, 50 paid is 100
        self.assertEqual(
            beta[self.m3], self._month(invoiced=200, paid=100, overdue=100)
        )
        self.assertEqual(beta[self.m2], self._month(invoiced=999, overdue=1099))
        self.assertEqual(sum(m["invoiced"] for m in beta.values()), 1199)
        in_b = self._trends(self.alpha, self.company_b)
        self.assertEqual(in_b[self.m2], self._month(invoiced=777, overdue=777))
        self.assertEqual(sum(m["invoiced"] for m in in_b.values()), 777)
        # a contact has no trends of its own: its documents are its company's
        self.assertFalse(self._trends(self.alpha_buyer))
        # an accountant of the first company never reads the second's, even
        # when he asks for it
        self.assertFalse(self._trends(self.alpha, self.company_b, self.billing))
        rows = (
            self.env["customer.zone.partner.trend"]
            .with_user(self.billing)
            .search([("partner_id", "=", self.alpha.id)])
        )
        self.assertEqual(rows.company_id, self.company)

    def test_average_days_to_pay(self):
        """A, B and E are paid in full (the days from each invoice date to
        its last payment, averaged invoice by invoice); C and D are not and do
        not count; only E was paid by its due date. A contact shows its
        company's."""
        expected_days = [
            (self.day(self.m1, 10) - self.day(self.m3, 5)).days,
            (self.day(self.m1, 5) - self.day(self.m2, 3)).days,
            5,
        ]
        for partner in (self.alpha, self.alpha_buyer):
            partner = partner.with_user(self.billing)
            # shown to a tenth of a day, a whole percent
            self.assertEqual(
                partner.customer_zone_average_days_to_pay,
                round(sum(expected_days) / 3, 1),
            )
            self.assertEqual(partner.customer_zone_paid_on_time_rate, 33.0)
            self.assertEqual(partner.customer_zone_settled_invoice_count, 3)
        beta = self.beta.with_user(self.billing)
        self.assertEqual(beta.customer_zone_settled_invoice_count, 0)
        self.assertEqual(beta.customer_zone_average_days_to_pay, 0.0)
        # in the other company, nothing of Alpha is paid
        self.assertEqual(
            self.alpha.with_company(self.company_b).customer_zone_settled_invoice_count,
            0,
        )

    def test_days_to_pay_queries_do_not_grow_with_the_customers(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Zone trend customer {index}"} for index in range(19)]
        )
        for index, partner in enumerate(partners[:6]):
            invoice = self._invoice(partner, 10 + index, self.day(self.m2, 1))
            self._register_payment(invoice, 10 + index, self.day(self.m2, 9))
        many = self.alpha | partners

        def count(customers):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            customers.mapped("customer_zone_average_days_to_pay")
            return self.cr.sql_log_count - before

        count(self.alpha)  # warm the caches of fields and companies
        few = count(self.alpha)
        self.assertEqual(count(many), few)
        self.assertEqual(
            partners[:6].mapped("customer_zone_average_days_to_pay"), [8.0] * 6
        )
        self.assertEqual(
            len(many._customer_zone_payment_habits(self.company)), 7, "one row each"
        )

    # ------------------------------------------------------------------
    # who reads them
    # ------------------------------------------------------------------
    def test_billing_user_opens_the_trends_of_the_customer(self):
        """From a contact's form, the action shows its company's trends in
        the current company, and the accountant reads them."""
        action = self.alpha_buyer.with_user(self.billing).action_customer_zone_trends()
        self.assertEqual(action["res_model"], "customer.zone.partner.trend")
        self.assertEqual(
            action["domain"],
            [("partner_id", "=", self.alpha.id), ("company_id", "=", self.company.id)],
        )
        self.assertIn(self.alpha.name, action["display_name"])
        Trend = self.env["customer.zone.partner.trend"].with_user(self.billing)
        groups = Trend.formatted_read_group(
            action["domain"], ["date:month"], ["invoiced:sum", "paid:sum"]
        )
        self.assertEqual(len(groups), 12)
        self.assertEqual(sum(group["invoiced:sum"] for group in groups), 1680)
        self.assertEqual(sum(group["paid:sum"] for group in groups), 1470)
        overdue = self.alpha.with_user(
            self.billing
        ).action_customer_zone_overdue_trend()
        self.assertEqual(overdue["domain"], action["domain"])
        self.assertEqual(
            overdue["view_id"][0],
            self.env.ref(
                "customer_zone.customer_zone_partner_trend_view_graph_overdue"
            ).id,
        )

    def test_form_shows_the_buttons_to_accountants_only(self):
        def form(user):
            views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        arch = form(self.billing)
        self.assertIn('name="action_customer_zone_trends"', arch)
        self.assertIn('name="customer_zone_average_days_to_pay"', arch)
        self.assertIn('name="action_customer_zone_overdue_trend"', arch)
        arch = form(self.salesman)
        self.assertNotIn("action_customer_zone_trends", arch)
        self.assertNotIn("customer_zone_average_days_to_pay", arch)

    def test_salesman_without_billing_cannot(self):
        salesman_alpha = self.alpha.with_user(self.salesman)
        with self.assertRaises(AccessError):
            self.env["customer.zone.partner.trend"].with_user(self.salesman).search(
                [("partner_id", "=", self.alpha.id)]
            )
        with self.assertRaises(AccessError):
            salesman_alpha.action_customer_zone_trends()
        with self.assertRaises(AccessError):
            salesman_alpha.read(["customer_zone_average_days_to_pay"])

    def test_portal_user_cannot_over_rpc(self):
        self.authenticate("cz_alpha", "cz_alpha")
        calls = [
            (
                "customer.zone.partner.trend",
                "search_read",
                [[("partner_id", "=", self.alpha.id)], ["invoiced", "overdue"]],
            ),
            (
                "customer.zone.partner.trend",
                "formatted_read_group",
                [[], ["date:month"], ["invoiced:sum"]],
            ),
            (
                "res.partner",
                "read",
                [[self.alpha.id], ["customer_zone_average_days_to_pay"]],
            ),
            ("res.partner", "action_customer_zone_trends", [[self.alpha.id]]),
            ("res.partner", "action_customer_zone_trends", [[self.beta.id]]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call_kw(model, method, args)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
