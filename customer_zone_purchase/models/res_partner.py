from dataclasses import replace

from odoo import api, fields, models
from odoo.fields import Domain

PURCHASE_MODEL = "purchase.order"
# what a supplier sees of its orders: the requests sent to it, the orders
# confirmed and those cancelled (core's /my/rfq and /my/purchase), never a
# draft; an order waiting for approval once the supplier acknowledged it (a
# request it confirmed, where the company approves orders in two steps)
SUPPLIER_STATES = ("sent", "purchase", "cancel")


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_supplier_access = fields.Selection(
        selection=[
            ("default", "Company default"),
            ("allowed", "Allowed"),
            ("blocked", "Blocked"),
        ],
        string="Supplier zone access",
        default="default",
        required=True,
        help="Whether this supplier (and its contacts) sees its requests for "
        "quotation and purchase orders in the portal and acknowledges them. "
        "'Company default' follows the setting of the company. Independent of "
        "the customer zone access.",
    )
    customer_zone_supplier_enabled = fields.Boolean(
        string="Uses the supplier zone",
        compute="_compute_customer_zone_supplier_enabled",
        help="The effective switch, read on the commercial partner.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_zone_supplier_access"]

    @api.depends(
        "commercial_partner_id.customer_zone_supplier_access",
        "company_id.customer_zone_supplier_zone",
        "company_id.customer_zone_supplier_default_access",
    )
    @api.depends_context("company")
    def _compute_customer_zone_supplier_enabled(self):
        for partner in self:
            company = (partner.company_id or self.env.company).sudo()
            partner.customer_zone_supplier_enabled = (
                company._customer_zone_supplier_allows(
                    partner.commercial_partner_id.customer_zone_supplier_access
                )
            )

    def write(self, vals):
        changed = "customer_zone_supplier_access" in vals and any(
            partner.customer_zone_supplier_access
            != vals["customer_zone_supplier_access"]
            for partner in self
        )
        result = super().write(vals)
        if changed:
            # the record rules read this value, as the customer's switch
            self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------------
    # the two gates: pages and records
    # ------------------------------------------------------------------
    def _customer_zone_state(self, company):
        """A supplier's zone shows its purchase orders too: the page
        "purchases", beside whatever its customer zone shows (nothing for a
        supplier whose customer access is blocked)."""
        zone = super()._customer_zone_state(company)
        partner = zone.partner
        if partner and partner._customer_zone_shows_purchases(zone.company):
            zone = replace(zone, pages=zone.pages | {"purchases"})
        return zone

    def _customer_zone_shows_purchases(self, company):
        """Whether this commercial partner's zone in ``company`` shows the
        purchases page: a supplier allowed, or on the company's default and
        one the company buys from (it has an order the zone shows). A
        customer that never sold anything to the company gets no such page,
        nor its tiles."""
        self.ensure_one()
        access = self.customer_zone_supplier_access
        if not company._customer_zone_supplier_allows(access):
            return False
        if access == "allowed":
            return True
        # sudo: whether the supplier has an order, never which; one query
        Order = self.env[PURCHASE_MODEL].sudo()
        return bool(
            Order.search_count(
                Domain("partner_id", "in", self._customer_zone_family_query())
                & Domain("company_id", "=", company.id)
                & self._customer_zone_mode_domain(PURCHASE_MODEL, company),
                limit=1,
            )
        )

    def _customer_zone_document_domain(self, model_name, company=None):
        """Purchase orders follow the supplier's switch and the company's
        supplier zone, not the customer's switch and mode."""
        if model_name != PURCHASE_MODEL:
            return super()._customer_zone_document_domain(model_name, company)
        self.ensure_one()
        access = self.customer_zone_supplier_access
        if access == "blocked":
            allowed = Domain.FALSE
        elif access == "allowed":
            allowed = Domain.TRUE
        else:
            allowed = self._customer_zone_companies(
                Domain("customer_zone_supplier_default_access", "=", True), company
            )
        return allowed & self._customer_zone_mode_domain(model_name, company)

    @api.model
    def _customer_zone_mode_domain(self, model_name, company=None):
        """Orders show where the company opened its supplier zone, in the
        states core's portal lists them (``SUPPLIER_STATES``)."""
        if model_name != PURCHASE_MODEL:
            return super()._customer_zone_mode_domain(model_name, company)
        states = Domain("state", "in", SUPPLIER_STATES) | (
            Domain("state", "=", "to approve")
            & Domain("customer_zone_acknowledged_on", "!=", False)
        )
        return states & self._customer_zone_companies(
            Domain("customer_zone_supplier_zone", "=", True), company
        )

    def _customer_zone_token_models(self):
        return super()._customer_zone_token_models() + [PURCHASE_MODEL]
