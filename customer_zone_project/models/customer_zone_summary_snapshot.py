from odoo import api, models


class CustomerZoneSummarySnapshot(models.Model):
    """The open jobs in the account summary: tasks, their projects and stages."""

    _inherit = "customer.zone.summary.snapshot"

    @api.model
    def _customer_zone_sources(self):
        return {
            **super()._customer_zone_sources(),
            "project_task": ("company_id", "partner_id"),
        }

    @api.model
    def _customer_zone_global_sources(self):
        return {
            **super()._customer_zone_global_sources(),
            # which projects the zone shows, and whose tasks they hold
            "project_project": (),
            "project_task_type": (),
        }
