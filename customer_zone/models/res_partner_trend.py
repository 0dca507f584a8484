"""The customer's payment habits and the trends' actions on the customer form.

res.partner again: how many days the customer takes to pay its invoices, how
often on time, computed for any number of customers by one grouped query, and
the buttons that open its month-by-month trends
(``customer.zone.partner.trend``).
"""

from odoo import api, fields, models
from odoo.tools import SQL

HABITS_GROUPS = "account.group_account_invoice,account.group_account_readonly"


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_average_days_to_pay = fields.Float(
        string="Average days to pay",
        digits=(16, 1),
        compute="_compute_customer_zone_payment_habits",
        groups=HABITS_GROUPS,
        help="Over the customer's invoices of the last twelve months that are "
        "fully paid: the average, invoice by invoice (not weighted by amount), "
        "of the days from the invoice date to the date of the last payment or "
        "credit matched with it.",
    )
    customer_zone_paid_on_time_rate = fields.Float(
        string="Paid on time (%)",
        digits=(16, 0),
        compute="_compute_customer_zone_payment_habits",
        groups=HABITS_GROUPS,
        help="Of those invoices, the share whose last payment was made by the "
        "due date.",
    )
    customer_zone_settled_invoice_count = fields.Integer(
        string="Paid invoices (12 months)",
        compute="_compute_customer_zone_payment_habits",
        groups=HABITS_GROUPS,
        help="The fully paid invoices of the last twelve months that the "
        "average days to pay is computed over.",
    )

    @api.depends_context("company")
    def _compute_customer_zone_payment_habits(self):
        customers = self.commercial_partner_id.filtered("id")
        habits = customers._customer_zone_payment_habits(self.env.company)
        for partner in self:
            days, on_time, count = habits.get(
                partner.commercial_partner_id.id, (0.0, 0.0, 0)
            )
            partner.customer_zone_average_days_to_pay = days
            partner.customer_zone_paid_on_time_rate = on_time
            partner.customer_zone_settled_invoice_count = count

    def _customer_zone_payment_habits(self, company):
        """``{commercial partner id: (average days to pay, % paid on time,
        number of invoices)}`` of these commercial partners in ``company``,
        from one statement whatever their number.

        An invoice (or receipt) counts when it is posted, dated in the months
        the trends show and fully paid (paid or in payment); it was paid on
        the latest ``max_date`` of the reconciliations of its receivable
        items: the day the last payment or credit matched with it exists in
        the books.
        """
        if not self:
            return {}
        Trend = self.env["customer.zone.partner.trend"]
        start, _end = Trend._customer_zone_trend_months(fields.Date.context_today(self))
        rows = self.env.execute_query(
            SQL(
                """SELECT settled.customer_id,
                          AVG(settled.days)::float,
                          100.0 * AVG(settled.on_time::int)::float,
                          COUNT(*)
                     FROM (
                        SELECT member.commercial_partner_id AS customer_id,
                               MAX(partial.max_date) - move.invoice_date AS days,
                               MAX(partial.max_date)
                                   <= COALESCE(move.invoice_date_due,
                                               move.invoice_date) AS on_time
                          FROM res_partner AS member
                          JOIN account_move AS move
                            ON move.partner_id = member.id
                          JOIN account_move_line AS line
                            ON line.move_id = move.id
                           AND line.display_type = 'payment_term'
                          JOIN account_partial_reconcile AS partial
                            ON partial.debit_move_id = line.id
                         WHERE member.commercial_partner_id = ANY(%(customers)s)
                           AND move.company_id = %(company)s
                           AND move.state = 'posted'
                           AND move.move_type IN ('out_invoice', 'out_receipt')
                           AND move.payment_state IN ('paid', 'in_payment')
                           AND move.invoice_date >= %(start)s
                      GROUP BY move.id, member.commercial_partner_id
                     ) AS settled
                 GROUP BY settled.customer_id""",
                customers=list(self.ids),
                company=company.id,
                start=start,
            )
        )
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_customer_zone_trends(self):
        """Invoiced and paid by month (bar graph, pivot, list)."""
        return self._customer_zone_trend_action(
            "customer_zone.customer_zone_partner_trend_action"
        )

    def action_customer_zone_overdue_trend(self):
        """What was overdue at each month's end (line graph)."""
        return self._customer_zone_trend_action(
            "customer_zone.customer_zone_partner_trend_action_overdue"
        )

    def _customer_zone_trend_action(self, xmlid):
        """The trends action ``xmlid`` of this customer's family in the
        current company: the trends are always read for one customer, which
        keeps them fast (the partner condition reaches the journal items)."""
        self.ensure_one()
        # the action is no secret, but its records are: say so before
        # opening it rather than with an empty graph
        self.env["customer.zone.partner.trend"].check_access("read")
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [
            ("partner_id", "=", customer.id),
            ("company_id", "=", self.env.company.id),
        ]
        action["display_name"] = self.env._(
            "%(action)s: %(customer)s",
            action=action["name"],
            customer=customer.display_name,
        )
        return action
