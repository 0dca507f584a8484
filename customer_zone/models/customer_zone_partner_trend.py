from odoo import models, tools
from odoo.tools import SQL


class CustomerZonePartnerTrend(models.Model):
    _name = "customer.zone.partner.trend"
    _description = "Customer Zone: customer trends by month"
    _auto = False

    def init(self):
        # placeholder view, replaced by the trends' SQL
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE VIEW %s AS SELECT NULL::int AS id WHERE FALSE",
                SQL.identifier(self._table),
            )
        )
