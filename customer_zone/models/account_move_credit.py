"""Deposits and credit notes applied to a customer's invoices, and the
accountants' list of them.

account.move again (its zone's links and flags are in account_move.py): a
customer who chose so (``customer_zone_apply_credits``) has its open credit
items (unallocated payments, open credit notes) reconciled with each of its
invoices when the invoice is posted, as the accountant would from the
invoice's "outstanding credits" widget.
"""

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import Query


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._customer_zone_apply_credits()
        return posted

    def _customer_zone_apply_credits(self):
        """Reconcile the customer invoices among these moves whose customer
        chose to have its deposits and credit notes applied at invoicing."""
        invoices = self.filtered(
            lambda move: move.move_type == "out_invoice"
            and move.state == "posted"
            and move.commercial_partner_id.customer_zone_apply_credits
        )
        for invoice in invoices.sorted("id"):
            invoice._customer_zone_apply_credits_one()

    def _customer_zone_open_credits(self):
        """The open credit items this invoice may use, oldest first: the
        customer's own (its family's) open receivable credits in the
        invoice's company, currency and receivable account."""
        self.ensure_one()
        accounts = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
        ).account_id
        if not accounts:
            return self.env["account.move.line"]
        domain = (
            self.commercial_partner_id._customer_zone_open_items_domain(self.company_id)
            & Domain("amount_residual", "<", 0)
            & Domain("account_id", "in", accounts.ids)
            & Domain("currency_id", "=", self.currency_id.id)
        )
        # sudo: the invoice's own customer's items, by a server-built domain;
        # whoever posts the invoice (a sale's automation, a payment's
        # post-processing) needs no right on its payments
        return (
            self.env["account.move.line"]
            .sudo()
            .search(domain, order="date asc, id asc")
        )

    def _customer_zone_apply_credits_one(self):
        """Use this invoice's customer's credits, oldest first, until the
        invoice is paid or they are used up; what a credit has left stays
        open. Core's own "add" of the outstanding credits widget does the
        reconciliation (``js_assign_outstanding_line``)."""
        self.ensure_one()
        used = self.env["account.move.line"]
        # sudo: as above, the reconciliation touches the payments' entries
        invoice_sudo = self.sudo()
        for credit in self._customer_zone_open_credits():
            if invoice_sudo.currency_id.is_zero(invoice_sudo.amount_residual):
                break
            invoice_sudo.js_assign_outstanding_line(credit.id)
            used |= credit
        if used:
            invoice_sudo.message_post(
                body=self.env._(
                    "Deposits and credit notes applied automatically, as the "
                    "customer chose: %(documents)s.",
                    documents=", ".join(used.move_id.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # the accountants' list
    # ------------------------------------------------------------------
    @api.model
    def _customer_zone_deposits_domain(self, companies):
        """Open receivable credit items (unallocated payments, open credit
        notes) in ``companies``: the credit figures' own open items
        (``res.partner._customer_zone_open_items_base_domain``) whose
        residual is a credit."""
        Partner = self.env["res.partner"]
        # plain conditions: the window's domain travels to the browser
        return Domain.OR(
            Partner._customer_zone_open_items_plain_domain(company)
            for company in companies
        ) & Domain("amount_residual", "<", 0)

    @api.model
    def _customer_zone_deposits_action(self, partner=None):
        """The window of the deposits and credits list, of the companies the
        user works in; of ``partner``'s family when given (the customer
        form's button). Its domain is ``_customer_zone_deposits_domain``,
        with its sub-queries read into ids (an action's domain travels to
        the browser)."""
        domain = self._customer_zone_deposits_domain(self.env.companies)
        name = self.env._("Deposits and credits")
        context = {"search_default_group_by_partner": 1}
        if partner:
            customer = partner.commercial_partner_id
            domain &= Domain("partner_id", "in", customer._customer_zone_family_query())
            name = self.env._(
                "Deposits and credits of %(customer)s", customer=customer.display_name
            )
            context = {}
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_zone.customer_zone_deposit_action_window"
        )
        action.update(
            {
                "name": name,
                "domain": list(
                    domain.map_conditions(self._customer_zone_without_query)
                ),
                "context": context,
            }
        )
        return action

    @staticmethod
    def _customer_zone_without_query(condition):
        """``condition``, its sub-query (if any) replaced by the ids it reads."""
        if isinstance(condition.value, Query):
            return Domain(
                condition.field_expr, condition.operator, list(condition.value)
            )
        return condition
