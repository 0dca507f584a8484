from odoo import api, models


class CustomerZoneLoginEventXlsx(models.AbstractModel):
    """The login attempts selected in the Logins report, as a spreadsheet."""

    _name = "report.customer_zone.login_event_xlsx"
    _inherit = "customer.zone.xlsx.report"
    _description = "Customer Zone: logins (Excel)"

    @api.model
    def _customer_zone_columns(self):
        return [
            ("create_date", self.env._("When")),
            "login",
            "partner_id",
            "user_id",
            "result",
            "success",
            "method",
            "portal",
            "ip_address",
            "user_agent",
            "company_id",
        ]

    @api.model
    def _customer_zone_sheet_name(self):
        return self.env._("Logins")
