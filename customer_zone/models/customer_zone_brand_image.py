from odoo import fields, models


class CustomerZoneBrandImage(models.Model):
    """An image of the library the zone's branding picks its banner from."""

    _name = "customer.zone.brand.image"
    _description = "Customer Zone: branding image"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    image = fields.Image(required=True, max_width=1920, max_height=1080)
    company_id = fields.Many2one("res.company", help="Empty: offered to every company.")
