from odoo.tools import SQL

from odoo.addons.customer_zone.controllers.portal import CustomerZonePortal


class CustomerZoneJobSummary(CustomerZonePortal):
    """The open jobs in the account summary of /my/home."""

    def _customer_zone_summary_pages(self):
        return super()._customer_zone_summary_pages() | {"projects"}

    def _customer_zone_summary_columns(self, zone, family):
        columns = super()._customer_zone_summary_columns(zone, family)
        if zone.shows("projects"):
            tasks = zone.partner._customer_zone_open_jobs_query(zone.company)
            columns["open_jobs"] = tasks.select(SQL("COUNT(*)"))
        return columns
