from dataclasses import dataclass

from odoo import models


@dataclass(frozen=True)
class ZoneState:
    """What one customer's zone shows, in one company.

    Built by ``res.partner._customer_zone_state``; ``pages`` comes from the
    company's mode (``res.company._customer_zone_pages``) and is empty when
    the zone is off for the company or for the customer.
    """

    partner: models.BaseModel  # the commercial partner, in sudo
    company: models.BaseModel  # in sudo
    pages: frozenset

    @property
    def enabled(self):
        return bool(self.pages)

    def shows(self, page):
        """Whether the zone shows ``page`` (a name of ``const.ZONE_PAGES``)."""
        return page in self.pages
