from odoo import api, models

from odoo.addons.customer_zone.models.customer_zone_summary_snapshot import (
    GlobalSource,
)


class CustomerZoneSummarySnapshot(models.Model):
    """The open tickets in the account summary: tickets, and whether their
    stage closes them."""

    _inherit = "customer.zone.summary.snapshot"

    @api.model
    def _customer_zone_sources(self):
        return {
            **super()._customer_zone_sources(),
            "helpdesk_ticket": ("company_id", "partner_id", "commercial_partner_id"),
        }

    @api.model
    def _customer_zone_global_sources(self):
        return {
            **super()._customer_zone_global_sources(),
            "helpdesk_ticket_stage": GlobalSource(("closed",)),
        }
