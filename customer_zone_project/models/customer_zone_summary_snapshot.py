from odoo import api, models

from odoo.addons.customer_zone.models.customer_zone_summary_snapshot import (
    GlobalSource,
)


class CustomerZoneSummarySnapshot(models.Model):
    """The open jobs in the account summary: tasks (a task without a
    customer is its project's customer's) and which projects the zone
    shows."""

    _inherit = "customer.zone.summary.snapshot"

    @api.model
    def _customer_zone_sources(self):
        return {
            **super()._customer_zone_sources(),
            "project_task": (
                "company_id",
                "partner_id",
                ("project_id", "project_project", "partner_id"),
            ),
        }

    @api.model
    def _customer_zone_global_sources(self):
        # a project shown or not, or given to another customer, moves tasks
        # of several customers at once
        return {
            **super()._customer_zone_global_sources(),
            "project_project": GlobalSource(
                (
                    "customer_zone_shown",
                    "privacy_visibility",
                    "partner_id",
                    "company_id",
                )
            ),
        }
