from odoo import api, models

# the company settings the record rules of projects without a company read
# in Python (``res.partner._customer_zone_document_domain``)
RULE_SETTINGS = ("customer_zone_mode", "customer_zone_default_access")


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_zone_mode_pages(self):
        """Projects are part of the full account zone, like quotations."""
        return self._customer_zone_add_page(
            super()._customer_zone_mode_pages(), "projects", beside="quotes"
        )

    def write(self, vals):
        changed = any(
            name in vals and company[name] != vals[name]
            for company in self
            for name in RULE_SETTINGS
        )
        result = super().write(vals)
        if changed:
            # the rules of projects without a company read these settings of
            # the user's company: recompute them now (only on a real change:
            # a cache clear reaches every worker)
            self.env.registry.clear_cache()
        return result
