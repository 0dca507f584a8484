import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import CustomerZoneHttpCommon

# the figures of the customer form, by field
FORM_FIELDS = (
    "customer_zone_credit_receivable",
    "customer_zone_credit_deposits",
    "customer_zone_credit_orders",
    "customer_zone_available_balance",
    "customer_zone_credit_limit_applies",
)


@tagged("post_install", "-at_install")
class TestCreditFigures(CustomerZoneHttpCommon):
    """The available balance on the customer form is the ledger's and the
    orders', in the company's currency, and the zone shows the same."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()

        def day(offset):
            return today + timedelta(days=offset)

        cls.company.account_use_credit_limit = True
        cls.company.customer_zone_credit_include_orders = True
        # receivable: 1000 overdue, 200 of it paid -> 800
        overdue = cls._invoice(cls.alpha, 1000, day(-40), due=day(-10))
        cls._register_payment(overdue, 200, day(-5))
        # a contact's invoice is its company's: 500
        cls._invoice(cls.alpha_buyer, 500, day(-3), due=day(27))
        # 100 in the other currency (1 = 0.5 of it): 200 in the company's
        cls._invoice(cls.alpha, 100, day(-2), currency=cls.other_currency)
        # deposits and credits: an open credit note 100, a payment on account 150
        cls._invoice(cls.alpha, 100, day(-20), move_type="out_refund")
        cls._payment_on_account(cls.alpha, 150, day(-1))
        # an order of 3 x 100 + 10 % tax (330), one unit invoiced (110, in
        # the receivable): 220 not invoiced
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Zone credit test 10 %",
                "amount": 10,
                "amount_type": "percent",
                "type_tax_use": "sale",
            }
        )
        cls.order = cls._order(cls.alpha_buyer, 3, 100, cls.tax)
        invoice = cls.order._create_invoices()
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.update(invoice.invoice_line_ids.id, {"quantity": 1})
                ]
            }
        )
        invoice.action_post()
        # an order of 100 in the other currency: 200 not invoiced
        pricelist = cls.env["product.pricelist"].create(
            {"name": "Zone other currency", "currency_id": cls.other_currency.id}
        )
        cls.foreign_order = cls._order(cls.alpha, 1, 100, pricelist=pricelist)
        # a quotation is no order yet
        cls._order(cls.alpha, 1, 5000, confirm=False)
        # another customer's never counts
        cls._invoice(cls.beta, 999, day(-1))
        cls._order(cls.beta, 1, 77)
        cls.alpha.write({"use_partner_credit_limit": True, "credit_limit": 5000})

    @classmethod
    def _order(cls, partner, quantity, price, tax=None, pricelist=None, confirm=True):
        """A sales order of one line (confirmed unless told), at ``price``
        with ``tax`` (none by default)."""
        values = {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": quantity,
                        "price_unit": price,
                        "tax_ids": [Command.set(tax.ids if tax else [])],
                    }
                )
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].create(values)
        if confirm:
            order.action_confirm()
        return order

    def _form(self, partner, company=None):
        """The credit figures of ``partner`` as its form shows them, read
        afresh."""
        self.env.invalidate_all()
        partner = partner.with_company(company or self.company)
        return {name: partner[name] for name in FORM_FIELDS}

    def _zone_available_balance(self, login):
        """The available balance the zone's summary shows ``login``."""
        self.authenticate(login, login)
        page = self._get("/my/home")
        self.assertEqual(page.status_code, 200)
        found = re.search(
            r"o_customer_zone_available_balance\b[^>]*>(.*?)</div>", page.text, re.S
        )
        self.assertTrue(found, "the summary shows the available balance")
        text = re.sub(r"<[^>]+>|\s", "", found.group(1))
        return re.sub(r"[^\d.,-]", "", text)

    # ------------------------------------------------------------------
    def test_form_figures(self):
        # receivable 800 + 500 + 200 + 110; deposits 100 + 150; orders 220 + 200
        expected = {
            "customer_zone_credit_receivable": 1610.0,
            "customer_zone_credit_deposits": 250.0,
            "customer_zone_credit_orders": 420.0,
            # 5000 + 250 - 1610 - 420
            "customer_zone_available_balance": 3220.0,
            "customer_zone_credit_limit_applies": True,
        }
        self.assertEqual(self._form(self.alpha), expected)
        self.assertEqual(self._form(self.alpha_buyer), expected, "the company's")
        self.assertEqual(self.alpha.customer_zone_credit_currency_id, self.currency)
        self.assertEqual(
            self._form(self.beta),
            {
                "customer_zone_credit_receivable": 999.0,
                "customer_zone_credit_deposits": 0.0,
                "customer_zone_credit_orders": 77.0,
                "customer_zone_available_balance": -1076.0,
                "customer_zone_credit_limit_applies": False,
            },
        )
        figures = self.alpha._customer_zone_credit_figures(self.company)[self.alpha.id]
        self.assertEqual(figures.overdue, 1000.0, "800 + 200 (foreign)")
        self.assertEqual(figures.balance, 1360.0)

    def test_the_zone_shows_the_forms_figure(self):
        self.assertEqual(self._zone_available_balance("cz_alpha"), "3,220.00")
        self.assertEqual(self._zone_available_balance("cz_alpha_buyer"), "3,220.00")
        self.alpha.use_partner_credit_limit = False
        self.assertEqual(
            self._form(self.alpha)["customer_zone_available_balance"], -1780
        )
        self.assertEqual(self._zone_available_balance("cz_alpha"), "-1,780.00")

    def test_no_limit_counts_zero(self):
        self.alpha.use_partner_credit_limit = False
        self.assertEqual(self.alpha.credit_limit, 0.0)
        form = self._form(self.alpha)
        self.assertFalse(form["customer_zone_credit_limit_applies"])
        self.assertEqual(form["customer_zone_available_balance"], 250 - 1610 - 420)

    def test_limits_off_in_the_company(self):
        self.company.account_use_credit_limit = False
        form = self._form(self.alpha)
        self.assertEqual(self.alpha.credit_limit, 5000.0, "kept, not applied")
        self.assertFalse(form["customer_zone_credit_limit_applies"])
        self.assertEqual(form["customer_zone_available_balance"], -1780.0)

    def test_orders_left_out(self):
        self.company.customer_zone_credit_include_orders = False
        form = self._form(self.alpha)
        self.assertEqual(form["customer_zone_credit_orders"], 0.0)
        self.assertEqual(form["customer_zone_available_balance"], 5000 + 250 - 1610)

    def test_a_prepaid_customer_has_no_limit(self):
        self.alpha.customer_zone_prepaid = True
        form = self._form(self.alpha)
        self.assertFalse(form["customer_zone_credit_limit_applies"])
        self.assertEqual(form["customer_zone_available_balance"], -1780.0)

    def test_fully_invoiced_order_counts_once(self):
        """Invoicing the rest of the order moves it from the orders to the
        receivable: the available balance does not move."""
        before = self._form(self.alpha)
        self.order._create_invoices().action_post()
        after = self._form(self.alpha)
        self.assertEqual(after["customer_zone_credit_orders"], 200.0)
        self.assertEqual(after["customer_zone_credit_receivable"], 1610.0 + 220.0)
        self.assertEqual(
            after["customer_zone_available_balance"],
            before["customer_zone_available_balance"],
        )

    def test_another_company_does_not_count(self):
        company_b = self._create_company(
            name="Zone Credit Company B", currency_id=self.currency.id
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=company_b, install_demo=False
        )
        self._invoice(self.alpha, 700, fields.Date.today(), company=company_b)
        self.assertEqual(
            self._form(self.alpha)["customer_zone_available_balance"], 3220
        )
        in_b = self._form(self.alpha, company_b)
        self.assertEqual(in_b["customer_zone_credit_receivable"], 700.0)
        self.assertEqual(in_b["customer_zone_credit_orders"], 0.0)
        self.assertEqual(self.alpha.with_company(company_b).credit_limit, 0.0)
        self.assertEqual(in_b["customer_zone_available_balance"], -700.0)

    def test_queries_do_not_grow_with_the_customers(self):
        """One customer or thirty: the same statements, for the figures and
        for the suggested limit."""
        partners = self.env["res.partner"].create(
            [{"name": f"Zone credit customer {index}"} for index in range(29)]
        )
        for partner in partners[:10]:
            self._invoice(partner, 10, fields.Date.today())
        many = self.alpha | partners

        def count(customers):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            customers.mapped("customer_zone_available_balance")
            customers.mapped("customer_zone_suggested_credit_limit")
            return self.cr.sql_log_count - before

        count(self.alpha)  # warm the caches of fields and companies
        few = count(self.alpha)
        self.assertEqual(count(many), few)
        with self.assertQueryCount(few):
            self.env.invalidate_all()
            many.mapped("customer_zone_available_balance")
            many.mapped("customer_zone_suggested_credit_limit")
        self.assertEqual(
            len(many._customer_zone_credit_figures(self.company)), 30, "one row each"
        )
