"""Transactions history on the zone's order list (invoiced, paid and open
per order, with links to its invoices and payments), and the customer's
deposits and credits on its quotations and orders."""

from urllib.parse import urlencode

from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

from .portal import session_links
from .sale import CustomerZoneSalePortal

# Orders that still lead to an invoice: where deposits and credits matter.
DEPOSIT_NOTE_STATES = ("draft", "sent", "sale")


class CustomerZoneOrderHistoryPortal(CustomerZoneSalePortal):
    # ------------------------------------------------------------------
    # /my/orders: what each order's invoices say
    # ------------------------------------------------------------------
    def _prepare_sale_portal_rendering_values(self, *args, **kwargs):
        values = super()._prepare_sale_portal_rendering_values(*args, **kwargs)
        if values.get("page_name") == "order" and values.get("orders"):
            values["customer_zone_order_history"] = self._customer_zone_order_history(
                values["orders"]
            )
        return values

    def _customer_zone_order_history(self, orders_sudo):
        """``{order id: {invoiced, paid, open, invoices, payments}}`` of the
        page's orders: amounts in each order's currency from one grouped
        query (posted invoices count, credit notes subtract); the invoices
        and payments the user may read, from one search each."""
        rows = self._customer_zone_order_figures(orders_sudo.ids)
        invoice_ids = {id_ for row in rows for id_ in row["invoice_ids"]}
        payment_ids = {id_ for row in rows for id_ in row["payment_ids"] or ()}
        invoices = self._customer_zone_readable_invoices(invoice_ids)
        payments = self._customer_zone_readable_payments(payment_ids)
        readable_invoices, readable_payments = set(invoices.ids), set(payments.ids)
        history = {}
        for row in rows:
            invoiced = row["invoiced"] or 0.0
            residual = row["residual"] or 0.0
            history[row["order_id"]] = {
                "invoiced": invoiced,
                "paid": invoiced - residual,
                "open": residual,
                "invoices": invoices.browse(
                    [id_ for id_ in row["invoice_ids"] if id_ in readable_invoices]
                ).with_prefetch(invoices._prefetch_ids),
                "payments": [
                    (payment.name, self._customer_zone_payment_url(payment))
                    for payment in payments.browse(
                        [
                            id_
                            for id_ in row["payment_ids"] or ()
                            if id_ in readable_payments
                        ]
                    ).with_prefetch(payments._prefetch_ids)
                ],
            }
        return history

    def _customer_zone_order_figures(self, order_ids):
        """One row per order with posted invoices: ``order_id``, ``invoiced``
        (totals, credit notes negative), ``residual`` (open amounts, likewise)
        in the documents' currency (an order's invoices are in its
        currency), ``invoice_ids`` and ``payment_ids`` (the payments
        reconciled with those invoices)."""
        env = request.env
        env["account.move"].flush_model(
            ["state", "move_type", "amount_total_in_currency_signed", "amount_residual"]
        )
        env["account.move.line"].flush_model(["move_id"])
        env["account.partial.reconcile"].flush_model()
        return env.execute_query_dict(
            SQL(
                """WITH order_move AS (
                    SELECT DISTINCT line.order_id, move.id AS move_id,
                           move.amount_total_in_currency_signed AS total,
                           CASE WHEN move.move_type = 'out_refund'
                                THEN -move.amount_residual
                                ELSE move.amount_residual END AS residual
                      FROM sale_order_line AS line
                      JOIN sale_order_line_invoice_rel AS rel
                        ON rel.order_line_id = line.id
                      JOIN account_move_line AS invoice_line
                        ON invoice_line.id = rel.invoice_line_id
                      JOIN account_move AS move ON move.id = invoice_line.move_id
                     WHERE line.order_id = ANY(%(orders)s)
                       AND move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                ), order_payment AS (
                    SELECT order_move.order_id,
                           ARRAY_AGG(DISTINCT counterpart_move.origin_payment_id)
                               AS payment_ids
                      FROM order_move
                      JOIN account_move_line AS term
                        ON term.move_id = order_move.move_id
                      JOIN account_partial_reconcile AS partial
                        ON term.id IN (partial.debit_move_id, partial.credit_move_id)
                      JOIN account_move_line AS counterpart
                        ON counterpart.id IN (partial.debit_move_id,
                                              partial.credit_move_id)
                       AND counterpart.id <> term.id
                      JOIN account_move AS counterpart_move
                        ON counterpart_move.id = counterpart.move_id
                     WHERE counterpart_move.origin_payment_id IS NOT NULL
                  GROUP BY order_move.order_id
                )
                SELECT order_move.order_id,
                       SUM(order_move.total) AS invoiced,
                       SUM(order_move.residual) AS residual,
                       ARRAY_AGG(order_move.move_id ORDER BY order_move.move_id)
                           AS invoice_ids,
                       MIN(order_payment.payment_ids) AS payment_ids
                  FROM order_move
             LEFT JOIN order_payment ON order_payment.order_id = order_move.order_id
              GROUP BY order_move.order_id""",
                orders=list(order_ids),
            )
        )

    def _customer_zone_readable_invoices(self, invoice_ids):
        """Those of ``invoice_ids`` the user may open in the zone (searched
        as the user, by the invoices list's own domain), with their names,
        linked without token."""
        Move = request.env["account.move"]
        if not invoice_ids:
            return Move
        invoices = Move.search(
            Domain("id", "in", list(invoice_ids)) & Domain(self._get_invoices_domain())
        )
        invoices = session_links(invoices.sudo())
        invoices.fetch(["name"])
        return invoices

    def _customer_zone_readable_payments(self, payment_ids):
        """Those of ``payment_ids`` the user may read, with their names; none
        when the zone does not show payments."""
        Payment = request.env["account.payment"]
        if not payment_ids or not self._customer_zone_shows("payments"):
            return Payment
        payments = Payment.search([("id", "in", list(payment_ids))]).sudo()
        payments.fetch(["name"])
        return payments

    @staticmethod
    def _customer_zone_payment_url(payment):
        """The payments list, searched for this payment."""
        return "/my/payments?" + urlencode({"search": payment.name})

    @staticmethod
    def _customer_zone_shows(page):
        return request.env.user._customer_zone_state().shows(page)

    # ------------------------------------------------------------------
    # a quotation or order: the customer's deposits and credits
    # ------------------------------------------------------------------
    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order":
            values["customer_zone_deposits"] = self._customer_zone_order_deposits(
                document
            )
        return values

    def _customer_zone_order_deposits(self, order_sudo):
        """The deposits and credits of the order's customer, for the logged-in
        customer's own open orders in a zone that shows payments (a link's
        holder sees the order, not the account): ``{amount, currency,
        applied}`` or None. One statement: the credit figures."""
        user = request.env.user
        if (
            not user.share
            or user._is_public()
            or order_sudo.state not in DEPOSIT_NOTE_STATES
            or order_sudo.invoice_status == "invoiced"
        ):
            return None
        zone = user._customer_zone_state()
        customer = order_sudo.partner_id.commercial_partner_id
        if not zone.shows("payments") or zone.partner != customer:
            return None
        company = order_sudo.company_id
        figures = zone.partner._customer_zone_credit_figures(company).get(customer.id)
        if not figures or company.currency_id.is_zero(figures.deposits):
            return None
        return {
            "amount": figures.deposits,
            "currency": company.currency_id,
            "applied": zone.partner.customer_zone_apply_credits,
        }
