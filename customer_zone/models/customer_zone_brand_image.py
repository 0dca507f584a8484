from odoo import fields, models


class CustomerZoneBrandImage(models.Model):
    """An image of the library the zone's branding picks its banner from.

    Accountants choose a banner here instead of designing one; a company may
    still upload its own (``res.company.customer_zone_brand_banner``). Images
    without company are offered to every company, the others only to theirs
    (global record rule ``customer_zone_brand_image_rule_company``). Portal
    users never read this model: the company copies the chosen image into
    ``customer_zone_brand_banner_shown``, which the zone's pages show.
    """

    _name = "customer.zone.brand.image"
    _description = "Customer Zone: branding image"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    image = fields.Image(required=True, max_width=1920, max_height=1080)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: offered to every company."
    )
    company_count = fields.Integer(
        string="Used by",
        compute="_compute_company_count",
        help="Companies whose zone shows this image as its banner.",
    )

    def _compute_company_count(self):
        """How many companies show each image, in one grouped query."""
        counts = dict(
            self.env["res.company"]._read_group(
                [("customer_zone_brand_banner_id", "in", self.ids)],
                ["customer_zone_brand_banner_id"],
                ["__count"],
            )
        )
        for image in self:
            image.company_count = counts.get(image, 0)
