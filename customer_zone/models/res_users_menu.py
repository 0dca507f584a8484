from odoo import models
from odoo.http import request

from .res_users import WELCOME_SESSION_KEY


class ResUsers(models.Model):
    _inherit = "res.users"

    def _customer_zone_menu(self):
        """The entries of the section menu this user's zone shows, in order
        (``res.company._customer_zone_menu_entries``); empty for employees,
        visitors and customers whose zone is off, who get core's pages as
        they are.

        Kept with the ZoneState (``_customer_zone_request_cache``: until the
        transaction rolls back or commits, or what it reads is written): the
        layout, the empty states and the home page ask it, no query beyond
        the ZoneState's own.
        """
        self.ensure_one()
        cache = self._customer_zone_request_cache()
        key = ("menu", self.id, self.env.company.id)
        if cache is not None and key in cache:
            return cache[key]
        menu = []
        if self.share and not self._is_public():
            zone = self._customer_zone_state()
            if zone.enabled:
                entries = zone.company._customer_zone_menu_entries()
                menu = [
                    entry
                    for entry in sorted(entries, key=lambda entry: entry["sequence"])
                    if self._customer_zone_menu_shows(zone, entry)
                ]
        if cache is not None:
            cache[key] = menu
        return menu

    def _customer_zone_menu_shows(self, zone, entry):
        """Whether the menu of ``zone`` (this user's) shows ``entry``: the
        zone shows its page; the catalog also needs the customer's (or the
        contact's) own switch. Bridges add conditions of their pages."""
        page = entry["page"]
        if page == "home":
            return True
        if not zone.shows(page):
            return False
        if page == "catalog":
            return self.partner_id._customer_zone_catalog_allowed()
        return True

    def _customer_zone_menu_current(self, menu, page_name=None, document=None):
        """The key of the entry of ``menu`` the page belongs to, or None: the
        entry of the page's ``document`` when it has one
        (``_customer_zone_menu_document_key``), else the one whose
        ``page_names`` hold the page's ``page_name``, else the one with a
        ``paths`` prefix of the request's path."""
        keys = {entry["key"] for entry in menu}
        if document is not None and isinstance(document, models.BaseModel):
            key = self._customer_zone_menu_document_key(document)
            if key in keys:
                return key
        for entry in menu:
            if page_name and page_name in entry["page_names"]:
                return entry["key"]
        path = request.httprequest.path if request else ""
        for entry in menu:
            if any(path.startswith(prefix) for prefix in entry["paths"]):
                return entry["key"]
        return None

    def _customer_zone_menu_document_key(self, document):
        """The menu entry a document's page belongs to (a credit note to the
        credit notes though core names its page "invoice", a confirmed order
        to the orders); bridges add their models. None: decided by the
        page's name."""
        if len(document) != 1:
            return None
        if document._name == "account.move":
            return "credit_notes" if document.move_type == "out_refund" else "invoices"
        if document._name == "sale.order":
            return "orders" if document.state == "sale" else "quotes"
        return None

    def _customer_zone_welcome_shown(self):
        """Whether this request's session is that of the user's first login,
        its welcome not dismissed yet."""
        return bool(
            request
            and self.share
            and request.session.get(WELCOME_SESSION_KEY) == self.id
        )

    def _customer_zone_menu_url(self, key):
        """The URL of the menu entry ``key`` when this user's menu shows it,
        else False: the empty states link only to pages the zone shows."""
        for entry in self._customer_zone_menu():
            if entry["key"] == key:
                return entry["url"]
        return False
