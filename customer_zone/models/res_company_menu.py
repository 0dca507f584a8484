from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _customer_zone_menu_entries(self):
        """Every entry the zone's section menu may show, in their order.

        Each entry is a dict: ``key`` (unique), ``page`` (the zone page that
        must be shown for the entry to be, ``ZoneState.shows``; "home" is
        shown by any zone that is on), ``label`` (translated), ``url``,
        ``page_names`` (the ``page_name`` values of the pages that mark it
        current), ``paths`` and ``sequence``. Bridges add theirs:
        ``entries = super()...; entries.append({...}); return entries``;
        the list is sorted by sequence afterwards
        (``res.users._customer_zone_menu``), so a bridge places its entry
        with its sequence alone.
        """
        return [
            self._customer_zone_menu_entry(
                "home", "home", self.env._("Account"), "/my/home", ("home",), 10
            ),
            self._customer_zone_menu_entry(
                "invoices",
                "invoices",
                self.env._("Invoices"),
                "/my/invoices",
                ("invoice",),
                20,
            ),
            self._customer_zone_menu_entry(
                "credit_notes",
                "credit_notes",
                self.env._("Credit notes"),
                "/my/credit_notes",
                ("credit_note",),
                30,
            ),
            self._customer_zone_menu_entry(
                "payments",
                "payments",
                self.env._("Payments"),
                "/my/payments",
                ("payment",),
                40,
            ),
            self._customer_zone_menu_entry(
                "statement",
                "statement",
                self.env._("Statement"),
                "/my/statement",
                ("statement",),
                50,
            ),
            self._customer_zone_menu_entry(
                "outstanding",
                "outstanding",
                self.env._("Outstanding items"),
                "/my/outstanding",
                ("outstanding", "customer_zone_pay"),
                60,
            ),
            self._customer_zone_menu_entry(
                "quotes",
                "quotes",
                self.env._("Quotations"),
                "/my/quotes",
                ("quote",),
                70,
            ),
            self._customer_zone_menu_entry(
                "orders", "orders", self.env._("Orders"), "/my/orders", ("order",), 80
            ),
            self._customer_zone_menu_entry(
                "catalog",
                "catalog",
                self.env._("Catalog"),
                "/my/catalog",
                ("catalog",),
                81,
            ),
            self._customer_zone_menu_entry(
                "details",
                "details",
                self.env._("My details"),
                "/my/details",
                ("details",),
                200,
            ),
        ]

    @staticmethod
    def _customer_zone_menu_entry(
        key, page, label, url, page_names, sequence, paths=()
    ):
        """One entry of ``_customer_zone_menu_entries``; ``paths``: URL
        prefixes of pages with no ``page_name`` of their own that mark it
        current (helpdesk's new ticket form)."""
        return {
            "key": key,
            "page": page,
            "label": label,
            "url": url,
            "page_names": tuple(page_names),
            "sequence": sequence,
            "paths": tuple(paths),
        }
