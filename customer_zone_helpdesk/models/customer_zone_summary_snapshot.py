from odoo import api, models


class CustomerZoneSummarySnapshot(models.Model):
    """The open tickets in the account summary: tickets, their stages and teams."""

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
            # whether a stage closes its tickets; a team's portal settings
            "helpdesk_ticket_stage": (),
            "helpdesk_ticket_team": (),
        }
