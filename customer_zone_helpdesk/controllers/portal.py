from odoo.addons.customer_zone.controllers.portal import CustomerZonePortal


class CustomerZoneTicketSummary(CustomerZonePortal):
    """The open tickets in the account summary of /my/home."""

    def _customer_zone_summary(self, zone):
        summary = super()._customer_zone_summary(zone)
        if summary["zone"].shows("tickets"):
            summary["open_tickets"] = zone.partner._customer_zone_open_ticket_count()
        return summary
