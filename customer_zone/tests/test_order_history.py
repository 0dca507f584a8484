import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import CustomerZoneHttpCommon


def _day(offset):
    return fields.Date.today() + timedelta(days=offset)


@tagged("post_install", "-at_install")
class TestOrderHistory(CustomerZoneHttpCommon):
    """/my/orders shows, per order, what its invoices say: invoiced, paid and
    open, with links to the invoices the customer may open and to its
    payments; the same queries whatever the number of orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # invoiced in full, 40 of 100 paid
        cls.order_partly = cls._order(cls.alpha, 100)
        cls.invoice_partly = cls._order_invoice(cls.order_partly)
        cls.payment = cls._register_payment(cls.invoice_partly, 40, _day(-1))
        # invoiced 200, then credited 50: 150 invoiced, all of it open
        cls.order_credited = cls._order(cls.alpha, 200)
        cls.invoice_credited = cls._order_invoice(cls.order_credited)
        cls.refund = cls.invoice_credited._reverse_moves(
            [{"invoice_date": _day(0), "ref": "Zone refund"}]
        )
        cls.refund.invoice_line_ids.price_unit = 50
        cls.refund.action_post()
        # not invoiced yet
        cls.order_open = cls._order(cls.alpha, 70)
        # billed to another customer: figures, but no link to its invoice
        cls.order_billed_elsewhere = cls._order(cls.alpha, 30, invoice_partner=cls.beta)
        cls.invoice_elsewhere = cls._order_invoice(cls.order_billed_elsewhere)

    @classmethod
    def _order(cls, partner, price, invoice_partner=None):
        """A confirmed order of one line at ``price``, no tax."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_invoice_id": (invoice_partner or partner).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def _order_invoice(cls, orders):
        invoices = orders._create_invoices()
        invoices.action_post()
        return invoices

    def _rows(self, url="/my/orders"):
        """``{order name: (invoiced, paid, open, documents html)}`` as shown."""
        page = self._get(url)
        self.assertEqual(page.status_code, 200)
        rows = {}
        for row in re.findall(r"<tr>(.*?)</tr>", page.text, re.S):
            # the order's cell (marked o_cz_doc for phones)
            name = re.search(r"<td[^>]*?><a [^>]*>([^<]+)</a></td>", row)
            if not name:
                continue
            cells = []
            for key in ("invoiced", "paid", "open"):
                cell = re.search(
                    rf'o_customer_zone_order_{key}"[^>]*>(.*?)</td>', row, re.S
                )
                text = re.sub(r"<[^>]+>|\s", "", cell.group(1))
                cells.append(re.sub(r"[^\d.,-]", "", text))
            documents = re.search(
                r'o_customer_zone_order_documents"[^>]*>(.*?)</td>', row, re.S
            ).group(1)
            rows[name.group(1).strip()] = (*cells, documents)
        return rows

    def test_figures_per_order(self):
        self.authenticate("cz_alpha", "cz_alpha")
        rows = self._rows()
        figures = {name: row[:3] for name, row in rows.items()}
        self.assertEqual(
            figures,
            {
                self.order_partly.name: ("100.00", "40.00", "60.00"),
                self.order_credited.name: ("150.00", "0.00", "150.00"),
                self.order_open.name: ("", "", ""),
                self.order_billed_elsewhere.name: ("30.00", "0.00", "30.00"),
            },
        )

    def test_links_to_readable_documents_only(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        rows = self._rows()
        partly = rows[self.order_partly.name][3]
        self.assertIn(f'href="/my/invoices/{self.invoice_partly.id}"', partly)
        self.assertNotIn("access_token", partly, "the session opens it")
        self.assertIn(self.payment.name, partly)
        self.assertIn("/my/payments?search=", partly)
        credited = rows[self.order_credited.name][3]
        self.assertIn(f'href="/my/invoices/{self.invoice_credited.id}"', credited)
        self.assertIn(self.refund.name, credited)
        elsewhere = rows[self.order_billed_elsewhere.name][3]
        self.assertNotIn(self.invoice_elsewhere.name, elsewhere, "Beta's invoice")
        self.assertNotIn("/my/invoices/", elsewhere)
        # the invoices mode shows no payment
        self.company.customer_zone_mode = "invoices"
        page = self._get("/my/orders")
        self.assertNotIn(self.payment.name, page.text)

    def test_other_customer_sees_its_own(self):
        beta_order = self._order(self.beta, 25)
        self._order_invoice(beta_order)
        self.authenticate("cz_beta", "cz_beta")
        rows = self._rows()
        self.assertEqual(list(rows), [beta_order.name])
        self.assertEqual(rows[beta_order.name][:3], ("25.00", "0.00", "25.00"))

    def test_bad_input_on_the_list(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in (
            "/my/orders?sortby=nope",
            "/my/orders/page/-3",
            "/my/orders?date_begin=x&date_end=y",
        ):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 200)

    def test_queries_do_not_grow(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.url_open("/my/orders")  # compile templates, warm routing
        few = self._page_query_count("/my/orders")
        # 36 more orders, each invoiced, half of them partly paid
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.alpha.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": 10 + index,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for index in range(36)
            ]
        )
        orders.action_confirm()
        invoices = orders._create_invoices(grouped=True)
        invoices.action_post()
        self.assertEqual(len(invoices), 36)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices[:18].ids
        ).create(
            {"journal_id": self.bank_journal.id, "group_payment": False}
        )._create_payments()
        many = self._page_query_count("/my/orders")
        self.assertEqual(many, few, "4 or 40 orders, the same queries")
        rows = self._rows()
        self.assertEqual(len(rows), 40, "all on the page (80 a page)")
        paid, unpaid = orders[0], orders[-1]
        self.assertEqual(rows[paid.name][:3], ("10.00", "10.00", "0.00"))
        self.assertEqual(rows[unpaid.name][:3], ("45.00", "0.00", "45.00"))
