from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_open_ticket_count = fields.Integer(
        string="Open tickets",
        compute="_compute_customer_zone_open_ticket_count",
        groups="account.group_account_invoice",
        help="Tickets of the customer and its contacts not closed yet, in the "
        "companies selected.",
    )

    def _compute_customer_zone_open_ticket_count(self):
        """The 360° panel's figure: one grouped query, a contact showing its
        customer's. In sudo: an accountant sees how many tickets are open
        without reading them (helpdesk_mgmt's own button opens them for its
        users); the companies are the ones the accountant selected."""
        counts = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    (
                        "commercial_partner_id",
                        "in",
                        self.commercial_partner_id._origin.ids,
                    ),
                    ("stage_id.closed", "=", False),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            customer = partner.commercial_partner_id._origin
            partner.customer_zone_open_ticket_count = counts.get(customer, 0)

    @api.model
    def _customer_zone_mode_domain(self, model_name, company=None):
        """Tickets show where the company's zone shows the tickets page."""
        if model_name == "helpdesk.ticket":
            return self._customer_zone_company_showing("tickets", company)
        return super()._customer_zone_mode_domain(model_name, company)

    def _customer_zone_token_models(self):
        return super()._customer_zone_token_models() + ["helpdesk.ticket"]

    def _customer_zone_open_ticket_count(self):
        """How many open tickets of this commercial partner (its contacts'
        included) its zone shows: the number in the account summary (which
        reads ``_customer_zone_open_tickets_query`` in its own statement)."""
        self.ensure_one()
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(Domain("id", "in", self._customer_zone_open_tickets_query()))
        )

    def _customer_zone_open_tickets_query(self, company=None):
        """The open tickets of this commercial partner its zone shows (of
        ``company`` when given), as a query."""
        self.ensure_one()
        domain = (
            Domain("partner_id", "in", self._customer_zone_family_query())
            & Domain("closed", "=", False)
            & self._customer_zone_document_domain("helpdesk.ticket", company)
        )
        if company is not None:
            domain &= Domain("company_id", "=", company.id)
        # sudo: this partner's tickets, filtered by the zone's own domain (the
        # one the record rules apply)
        return self.env["helpdesk.ticket"].sudo()._search(domain)
