from odoo import fields, models


class CustomerZoneDocument(models.Model):
    """The documents register: every document the zone shows (to be built
    as a SQL view)."""

    _name = "customer.zone.document"
    _description = "Customer Zone: documents register"
    _auto = False
    _table_query = "SELECT 1 AS id, NULL::int4 AS partner_id WHERE FALSE"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
