"""The catalog: the products the business publishes for the zone, at the
customer's pricelist's prices, ordered in one form as a quotation or an order
(Settings), and "order again" from a past order.

Who may use it: the zone's page gate ("catalog", the full account mode) and
the partner's own switch (``res.partner._customer_zone_catalog_allowed``).
Which products: ``product.product._customer_zone_catalog_domain``, for the
page, the order form and the reorder alike. Portal users have no access to
products or pricelists: they are read in sudo, by that server-built domain.
"""

import re
import uuid

from odoo import Command, http
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import float_round
from odoo.tools.misc import limited_field_access_token

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..const import MAX_INPUT_ECHO
from ..tools import request_input
from .portal import search_text
from .sale import CustomerZoneSalePortal

# the most of one product, and the most products, one order from the catalog
# may have: beyond them it is a mistake or an attack, refused with a message
MAX_QUANTITY = 10_000
MAX_LINES = 100
# the most reasons a refused form shows
MAX_MESSAGES = 10
# a quantity as the form's number input sends it: digits, at most 3 decimals
QUANTITY = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,3})?")
QUANTITY_PREFIX = "qty_"
# the form's idempotence key (a uuid4, hex): a second submit of the same form
# finds the order the first one created
SUBMIT_KEY = re.compile(r"[0-9a-f]{32}")
# the order's source document, as the salesperson reads it
ORIGIN = "Customer Zone catalog"
IMAGE_FIELD = "image_256"


def catalog_key(zone, key):
    """The order's ``customer_zone_catalog_key`` for the form of ``key``: the
    customer's own (a key copied from another customer's form is another
    key: one order per form and customer, unique in the database)."""
    return f"{zone.partner.id}-{key}"


# what the order's page says after a submit (its ``message`` parameter)
SUBMIT_MESSAGES = (
    "cz_catalog_quotation",
    "cz_catalog_confirmed",
    "cz_catalog_refused",
    "cz_catalog_to_pay",
)


class CatalogInputError(Exception):
    """Quantities of the order form that cannot be ordered: messages, and
    the quantities to show again."""

    def __init__(self, messages, quantities):
        super().__init__(messages)
        self.messages = messages
        self.quantities = quantities


class CustomerZoneCatalogPortal(CustomerZoneSalePortal):
    # ------------------------------------------------------------------
    # the gate
    # ------------------------------------------------------------------
    def _customer_zone_catalog_shown(self, zone=None):
        """Whether the catalog is shown to the current user: the zone shows
        the page and the user's partner (or its company) may order."""
        zone = zone or request.env.user._customer_zone_state()
        return zone.shows("catalog") and (
            request.env.user.partner_id._customer_zone_catalog_allowed()
        )

    def _customer_zone_catalog_require(self):
        """The current user's ZoneState, or 404 unless the catalog is shown."""
        zone = self._customer_zone_require("catalog")
        if not self._customer_zone_catalog_shown(zone):
            raise request.not_found()
        return zone

    # ------------------------------------------------------------------
    # the page
    # ------------------------------------------------------------------
    @http.route(
        ["/my/catalog", "/my/catalog/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_catalog(self, page=1, search=None, category=None, reorder=None, **kw):
        zone = self._customer_zone_catalog_require()
        quantities = {}
        order = None
        if reorder is not None:
            order = self._customer_zone_catalog_reorder_order(zone, reorder)
            quantities = self._customer_zone_catalog_reorder_quantities(order)
        values = self._customer_zone_catalog_values(
            zone,
            page=page,
            search=search,
            category=category,
            reorder=order,
            quantities=quantities,
        )
        return request.render("customer_zone.portal_my_catalog", values)

    def _customer_zone_catalog_values(
        self, zone, page, search, category, reorder=None, quantities=None, messages=()
    ):
        """The page's values: one page of the catalog's products (searched,
        filtered by category, or the products of ``reorder``), their prices,
        availability and image URLs, the quantities to show in the form, and
        the searchbar and pager. Its queries do not depend on the number of
        products."""
        messages = list(messages)
        Product = self._customer_zone_catalog_products(zone)
        domain = Product._customer_zone_catalog_domain(zone.company)
        categories = self._customer_zone_catalog_categories(zone, domain)
        category_key = request_input.pick_option(
            categories, category if isinstance(category, str) else None, "", messages
        )
        search = search_text(search)
        url_args = {}
        if category_key:
            domain &= Domain("categ_id", "child_of", int(category_key))
            url_args["category"] = category_key
        if search:
            domain &= Domain("name", "ilike", search) | Domain(
                "default_code", "ilike", search
            )
            url_args["search"] = search
        if reorder:
            domain &= Domain("id", "in", list(quantities))
            url_args["reorder"] = reorder.id
        pager = portal_pager(
            url="/my/catalog",
            total=Product.search_count(domain),
            page=request_input.page_number(page),
            step=self._items_per_page,
            url_args=url_args,
        )
        products = Product.search_fetch(
            domain,
            ["name", "default_code", "uom_id", "product_tmpl_id"],
            order="name, id",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        prices, currency = self._customer_zone_catalog_prices(zone, products)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "catalog",
                "pager": pager,
                "default_url": "/my/catalog",
                "products": products,
                "prices": prices,
                "currency": currency,
                "availability": products._customer_zone_catalog_availability(
                    zone.company
                ),
                "image_urls": {
                    product.id: self._customer_zone_catalog_image_url(product)
                    for product in products
                },
                "quantities": quantities or {},
                "categories": categories,
                "category": category_key,
                "reorder": reorder,
                "submit_key": uuid.uuid4().hex,
                "submits_order": zone.company.customer_zone_catalog_submit == "order",
                "max_quantity": MAX_QUANTITY,
                "search": search,
                "customer_zone_messages": messages,
            }
        )
        return values

    def _customer_zone_catalog_products(self, zone):
        # sudo: portal users read no products; every search adds the
        # catalog's domain (published, saleable, the zone's company)
        return (
            request.env["product.product"]
            .sudo()
            .with_company(zone.company)
            .with_context(active_test=True)
        )

    def _customer_zone_catalog_categories(self, zone, domain):
        """The categories of the catalog's products, ``{str(id): {label}}``
        with "" for all of them, from one grouped query."""
        Product = self._customer_zone_catalog_products(zone)
        categories = {"": {"label": request.env._("All categories")}}
        for category, count in Product._read_group(domain, ["categ_id"], ["__count"]):
            if category:
                categories[str(category.id)] = {
                    "label": category.display_name,
                    "count": count,
                }
        return categories

    def _customer_zone_catalog_prices(self, zone, products):
        """``({product id: unit price}, currency)`` of these products in the
        customer's pricelist (its commercial partner's, in the zone's
        company), for the whole page at once."""
        pricelist = self._customer_zone_catalog_pricelist(zone)
        currency = pricelist.currency_id or zone.company.currency_id
        if not products:
            return {}, currency
        prices = pricelist._get_products_price(products, 1.0, currency=currency)
        return prices, currency

    @staticmethod
    def _customer_zone_catalog_pricelist(zone):
        # sudo (the zone's partner is): the customer's own pricelist
        return zone.partner.with_company(zone.company).property_product_pricelist

    @staticmethod
    def _customer_zone_catalog_image_url(product):
        """The product's image by URL, with a token for this field of this
        product only (core's limited field token: computed, nothing stored;
        the same for two weeks, so browsers cache it)."""
        token = limited_field_access_token(product, IMAGE_FIELD, scope="binary")
        url = f"/web/image/product.product/{product.id}/{IMAGE_FIELD}"
        return f"{url}?access_token={token}"

    # ------------------------------------------------------------------
    # order again
    # ------------------------------------------------------------------
    def _customer_zone_catalog_reorder_order(self, zone, reorder):
        """The order to order again: one of the customer's own, readable by
        the user (the record rules apply); 404 otherwise."""
        order_id = request_input.record_id(reorder)
        if order_id is None:
            raise request.not_found()
        order = request.env["sale.order"].search(
            Domain("id", "=", order_id)
            & Domain("partner_id.commercial_partner_id", "=", zone.partner.id),
            limit=1,
        )
        if not order:
            raise request.not_found()
        return order

    @staticmethod
    def _customer_zone_catalog_reorder_quantities(order):
        """``{product id: quantity}`` of the order's product lines, as the
        form shows them ("6", "1.5"); the page shows those of the catalog."""
        quantities = {}
        # sudo: the order was found as the user
        for line in order.sudo().order_line:
            if line.display_type or not line.product_id or line.is_downpayment:
                continue
            product = line.product_id
            # in the product's own unit, as the catalog orders it (a line of
            # 2 packs of 6 is 12 units)
            quantity = line.product_uom_id._compute_quantity(
                line.product_uom_qty, product.uom_id, raise_if_failure=False
            )
            quantities[product.id] = quantities.get(product.id, 0.0) + quantity
        return {
            product_id: f"{quantity:.3f}".rstrip("0").rstrip(".")
            for product_id, quantity in quantities.items()
            if quantity > 0
        }

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        """An order of the customer, on its page: "Order again" when the
        catalog is shown to the user."""
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if (
            document._name == "sale.order"
            and document.state == "sale"
            and request.env.user.share
            and not request.env.user._is_public()
        ):
            zone = request.env.user._customer_zone_state()
            if (
                document.partner_id.commercial_partner_id == zone.partner
                and self._customer_zone_catalog_shown(zone)
            ):
                values["customer_zone_reorder_url"] = (
                    f"/my/catalog?reorder={document.id}"
                )
        return values

    # ------------------------------------------------------------------
    # the home tile
    # ------------------------------------------------------------------
    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if hasattr(response, "qcontext"):
            response.qcontext["customer_zone_catalog"] = (
                self._customer_zone_catalog_shown()
            )
        return response

    # ------------------------------------------------------------------
    # the order form
    # ------------------------------------------------------------------
    @http.route(
        "/my/catalog/submit",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_catalog_submit(
        self, submit_key=None, search=None, category=None, page=1, **kw
    ):
        """Create the customer's quotation (or order) from the form's
        quantities, then show it; nothing is created when any quantity is
        wrong (the form comes back with why) or the form was sent already
        (its order is shown)."""
        zone = self._customer_zone_catalog_require()
        key = submit_key if isinstance(submit_key, str) else ""
        if not SUBMIT_KEY.fullmatch(key):
            return self._customer_zone_catalog_refuse(
                zone,
                [request.env._("This form is out of date: please fill it again.")],
                {},
                search=search,
                category=category,
                page=page,
            )
        self._customer_zone_catalog_lock(zone)
        order = self._customer_zone_catalog_order_of_key(zone, key)
        if order:
            return request.redirect(order.access_url)
        try:
            quantities = self._customer_zone_catalog_quantities(zone)
        except CatalogInputError as error:
            return self._customer_zone_catalog_refuse(
                zone,
                error.messages,
                error.quantities,
                search=search,
                category=category,
                page=page,
            )
        order = self._customer_zone_catalog_create_order(zone, quantities, key)
        message = self._customer_zone_catalog_submit_order(zone, order)
        return request.redirect(f"{order.access_url}?message={message}")

    def _customer_zone_catalog_refuse(self, zone, messages, quantities, **kw):
        """The catalog again, with why the form was refused and what it held."""
        values = self._customer_zone_catalog_values(
            zone,
            page=kw.get("page"),
            search=kw.get("search"),
            category=kw.get("category"),
            quantities=quantities,
            messages=messages,
        )
        return request.render("customer_zone.portal_my_catalog", values, status=400)

    @staticmethod
    def _customer_zone_catalog_lock(zone):
        """Serialize the catalog orders of one customer: a no-op update of
        its row. A second submit of the same form, sent while the first runs,
        waits, fails on a serialization error, and Odoo runs it again, when
        it finds the first one's order (see sale_order_credit's lock)."""
        request.env.cr.execute(
            "UPDATE res_partner SET id = id WHERE id = %s", (zone.partner.id,)
        )

    @staticmethod
    def _customer_zone_catalog_order_of_key(zone, key):
        """The customer's order created by the form of ``key``, if any."""
        # sudo: the customer's own orders, by a key it holds
        return (
            request.env["sale.order"]
            .sudo()
            .search(
                Domain("customer_zone_catalog_key", "=", catalog_key(zone, key))
                & Domain("partner_id.commercial_partner_id", "=", zone.partner.id)
                & Domain("company_id", "=", zone.company.id),
                limit=1,
            )
        )

    def _customer_zone_catalog_quantities(self, zone):
        """``{product id: quantity}`` of the form: each a catalog product,
        once, a plain positive number up to MAX_QUANTITY, at most MAX_LINES
        of them; empty and zero quantities are no line. Raise
        CatalogInputError with every reason otherwise (an empty order
        included)."""
        env = request.env
        form = request.httprequest.form
        messages, quantities, shown = [], {}, {}
        for key in form:
            if not key.startswith(QUANTITY_PREFIX):
                continue
            values = form.getlist(key)
            name = key[len(QUANTITY_PREFIX) :]
            product_id = request_input.record_id(name)
            # one name per product: "qty_0192" is no second name of 192
            if product_id is None or str(product_id) != name:
                messages.append(env._("The form named an unknown product."))
                continue
            raw = values[0].strip()
            # what was typed, shown again in the form
            shown[product_id] = request_input.printable(raw, MAX_INPUT_ECHO)
            if len(values) > 1:
                messages.append(env._("Product #%(id)s was sent twice.", id=product_id))
                continue
            quantity = self._customer_zone_catalog_quantity(raw, product_id, messages)
            if quantity:
                quantities[product_id] = quantity
        if len(quantities) > MAX_LINES:
            messages.append(
                env._(
                    "An order from the catalog has at most %(count)s products.",
                    count=MAX_LINES,
                )
            )
        elif quantities:
            found = self._customer_zone_catalog_products(zone).search(
                self._customer_zone_catalog_products(
                    zone
                )._customer_zone_catalog_domain(zone.company)
                & Domain("id", "in", list(quantities))
            )
            for product_id in sorted(set(quantities) - set(found.ids)):
                messages.append(
                    env._(
                        "Product #%(id)s is not in the catalog: it cannot be ordered.",
                        id=product_id,
                    )
                )
        elif not messages:
            messages.append(
                env._("Your order is empty: enter a quantity for at least one product.")
            )
        if messages:
            # each reason once, the first few of them
            messages = list(dict.fromkeys(messages))
            if len(messages) > MAX_MESSAGES:
                more = len(messages) - MAX_MESSAGES
                messages = messages[:MAX_MESSAGES] + [
                    env._("… and %(count)s more.", count=more)
                ]
            raise CatalogInputError(messages, shown)
        return quantities

    @staticmethod
    def _customer_zone_catalog_quantity(raw, product_id, messages):
        """The quantity ``raw`` as a float (0 for none), or None with a
        message."""
        if not raw:
            return 0.0
        if not QUANTITY.fullmatch(raw):
            messages.append(
                request.env._(
                    "“%(value)s” is not a quantity (product #%(id)s).",
                    value=request_input.printable(raw, MAX_INPUT_ECHO),
                    id=product_id,
                )
            )
            return None
        quantity = float(raw)
        digits = request.env["decimal.precision"].precision_get("Product Unit")
        if float_round(quantity, precision_digits=digits) != quantity:
            # stored rounded, it would be another quantity (or none at all)
            messages.append(
                request.env._(
                    "“%(value)s” has more decimals than a quantity takes "
                    "(%(digits)s at most, product #%(id)s).",
                    value=request_input.printable(raw, MAX_INPUT_ECHO),
                    digits=digits,
                    id=product_id,
                )
            )
            return None
        if quantity > MAX_QUANTITY:
            messages.append(
                request.env._(
                    "At most %(max)s of one product can be ordered here "
                    "(product #%(id)s): please contact us for more.",
                    max=MAX_QUANTITY,
                    id=product_id,
                )
            )
            return None
        return quantity

    def _customer_zone_catalog_create_order(self, zone, quantities, key):
        """The customer's quotation of these quantities, published in its
        zone. The contact who ordered is the order's customer (as core's
        e-commerce does: the order says who ordered, its emails go to that
        contact, and the whole company sees it in its zone); invoice and
        delivery addresses come from core's computes, the prices from the
        customer's pricelist on the server (never from the form); the
        customer's salesperson is set and notified."""
        contact = request.env.user.partner_id
        values = self._customer_zone_catalog_order_values(zone, contact, quantities)
        values["origin"] = ORIGIN
        values["customer_zone_catalog_key"] = catalog_key(zone, key)
        # sudo: portal users create no orders; the values are built here, for
        # the user's own partner, of products checked against the catalog
        order = (
            request.env["sale.order"].sudo().with_company(zone.company).create(values)
        )
        order.message_post(
            body=request.env._(
                "Ordered from the Customer Zone catalog by %(contact)s.",
                contact=contact.name,
            ),
            author_id=contact.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=order.user_id.partner_id.ids,
        )
        return order

    def _customer_zone_catalog_order_values(self, zone, contact, quantities):
        customer = zone.partner
        values = {
            "partner_id": contact.id,
            "company_id": zone.company.id,
            "customer_zone_published": True,
            "order_line": [
                Command.create({"product_id": product_id, "product_uom_qty": quantity})
                for product_id, quantity in quantities.items()
            ],
        }
        pricelist = self._customer_zone_catalog_pricelist(zone)
        if pricelist:
            values["pricelist_id"] = pricelist.id
        # the salesperson as core's order computes it (the contact's, else
        # its company's); core would fall back on the user, a portal user
        salesperson = contact.sudo().user_id or customer.user_id
        if salesperson:
            values["user_id"] = salesperson.id
        return values

    def _customer_zone_catalog_submit_order(self, zone, order_sudo):
        """What becomes of the new quotation, by Settings: it stays a
        quotation, or it is confirmed through the zone's own acceptance path
        (the available balance's refusal first, then core's validation,
        which checks it again), unless it must be paid first. Returns the
        order page's message key."""
        if zone.company.customer_zone_catalog_submit != "order":
            return "cz_catalog_quotation"
        if order_sudo._customer_zone_acceptance_refusal(request.env.user):
            return "cz_catalog_refused"
        if order_sudo._has_to_be_paid():
            return "cz_catalog_to_pay"
        try:
            with request.env.cr.savepoint():
                order_sudo._validate_order()
        except UserError:
            # the confirmation's own check refused: the quotation stays, its
            # page says why
            return "cz_catalog_refused"
        return "cz_catalog_confirmed"
