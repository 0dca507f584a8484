from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_payment_provider_ids = fields.Many2many(
        comodel_name="payment.provider",
        relation="customer_zone_partner_payment_provider_rel",
        column1="partner_id",
        column2="provider_id",
        string="Payment providers offered",
        help="The payment providers this customer may use in the customer zone. "
        "Empty: every provider the company enabled.",
    )
    customer_zone_online_payment_count = fields.Integer(
        string="Online payments",
        compute="_compute_customer_zone_online_payment_count",
        groups="account.group_account_invoice",
        help="Online transactions of the customer, failed ones included.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_zone_payment_provider_ids"]

    def _compute_customer_zone_online_payment_count(self):
        """The 360° panel's figure: one grouped query on the payments report
        (its company rule applies), a contact showing its customer's."""
        counts = dict(
            self.env["customer.zone.payment.report"]._read_group(
                [("partner_id", "in", self.commercial_partner_id._origin.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            customer = partner.commercial_partner_id._origin
            partner.customer_zone_online_payment_count = counts.get(customer, 0)

    def action_customer_zone_online_payments(self):
        return self._customer_zone_report_action(
            "customer_zone_payment.customer_zone_payment_report_action",
            self.env._("Online payments"),
        )

    def _customer_zone_payable_domain(self, company=None):
        """Open customer invoices of this commercial partner that may be paid
        online, in ``company`` when one is given.

        Without a company, a choice by id may span two companies: the caller
        refuses it with the reason ("one transaction, one company").

        The customer's invoices are those of its family
        (``_customer_zone_family_query``, a sub-query): the partners whose
        journal items the summary, the statement and the outstanding items
        read, so that what a button or a checkbox there offers is what the
        pay page takes (a contact moved to another customer takes its
        invoices along).
        """
        self.ensure_one()
        return self._customer_zone_payable_invoice_domain(company) & Domain(
            "partner_id", "in", self._customer_zone_family_query()
        )

    @api.model
    def _customer_zone_payable_invoice_domain(self, company=None):
        """Open customer invoices that may be paid online, of any customer
        (in ``company`` when one is given): ``_customer_zone_payable_domain``
        without its partner condition."""
        domain = (
            Domain("move_type", "=", "out_invoice")
            & Domain("state", "=", "posted")
            & Domain("payment_state", "in", ("not_paid", "partial"))
            & Domain("customer_zone_allow_online_payment", "=", True)
        )
        if company:
            domain &= Domain("company_id", "=", company.id)
        return domain

    def _customer_zone_on_account_reference(self):
        """The reference of this customer's payments on account."""
        self.ensure_one()
        return self.env._("On account: %(customer)s", customer=self.name)
