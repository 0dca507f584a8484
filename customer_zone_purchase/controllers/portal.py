"""Suppliers' purchase orders in the zone: core's /my/rfq, /my/purchase, the
order page, its date update and its EDI download behind the zone's gate, and
the acknowledgement (a POST form) instead of core's GET that writes."""

import unicodedata
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.customer_zone.controllers.portal import (
    CustomerZonePortal,
    readonly_on_get,
    readonly_session_get,
    session_links,
)
from odoo.addons.customer_zone.tools import request_input
from odoo.addons.purchase.controllers.portal import CustomerPortal as PurchasePortal

PAGE = "purchases"
MODEL = "purchase.order"
HOME_COUNTERS = ("rfq_count", "purchase_count")
# the query keys the order page passes on to core: its own (report, update,
# acknowledge), the messages and chatter keys of portal, ours. Any other key
# could collide with core's named arguments ("?order=1": a server error).
ORDER_PAGE_KEYS = (
    "report_type",
    "download",
    "update",
    "acknowledge",
    "error",
    "warning",
    "success",
    "pid",
    "hash",
    "customer_zone_ack",
    "customer_zone_ack_error",
)
# what the acknowledgement sends back to the page, for it to explain
ACK_ERRORS = ("note", "date", "size", "type", "refused")
MAX_NOTE_CHARS = 2000
# an expected date the supplier gives: from today to this many years ahead
MAX_DATE_YEARS = 5
MEGABYTE = 1024 * 1024
WHITESPACE_CONTROLS = "\t\n\r"


def plain_text(raw, multiline=False):
    """What was typed, without control characters (PostgreSQL refuses a NUL
    byte); line breaks kept when ``multiline``. Not text (a file): ""."""
    if not isinstance(raw, str):
        return ""
    kept = (
        char
        for char in raw
        if (multiline and char in WHITESPACE_CONTROLS)
        or unicodedata.category(char) != "Cc"
    )
    return "".join(kept).strip()


class CustomerZonePurchasePortal(CustomerZonePortal, PurchasePortal):
    """The supplier's side of the zone. Which orders a user sees is the
    record rule's business (``res.partner._customer_zone_document_domain``);
    which pages, the zone's (``_customer_zone_require("purchases")``)."""

    # ------------------------------------------------------------------
    # home tiles
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        """Core's purchase tiles count only where the zone shows purchases."""
        hidden = [counter for counter in counters if counter in HOME_COUNTERS]
        if hidden and request.env.user._customer_zone_state().shows(PAGE):
            hidden = []
        values = super()._prepare_home_portal_values(
            [counter for counter in counters if counter not in hidden]
        )
        values.update(dict.fromkeys(hidden, 0))
        return values

    # ------------------------------------------------------------------
    # lists
    # ------------------------------------------------------------------
    # The pages below only read, but they override core's routes, which are
    # read/write: Odoo keeps an override in its parent's mode (and warns if
    # it says otherwise), so they cannot be ``readonly=True``. The tests check
    # that they mint no link (test_purchase_query_count) and that the order's
    # page leaves its row untouched (test_order_page_links).
    @http.route(readonly=readonly_on_get)
    def portal_my_requests_for_quotation(self, page=1, **kw):
        self._customer_zone_require(PAGE)
        return super().portal_my_requests_for_quotation(
            page=page, **self._customer_zone_list_kwargs(kw)
        )

    @http.route(readonly=readonly_on_get)
    def portal_my_purchase_orders(self, page=1, **kw):
        self._customer_zone_require(PAGE)
        return super().portal_my_purchase_orders(
            page=page, **self._customer_zone_list_kwargs(kw)
        )

    @staticmethod
    def _customer_zone_list_kwargs(kw):
        """The list's own parameters (core's routes take no other)."""
        keys = ("date_begin", "date_end", "sortby", "filterby")
        return {key: kw.get(key) for key in keys}

    def _render_portal(
        self,
        template,
        page,
        date_begin,
        date_end,
        sortby,
        filterby,
        domain,
        searchbar_filters,
        default_filter,
        url,
        history,
        page_name,
        key,
    ):
        """Core's list, with its input read strictly (core answers an unknown
        sort or filter, a malformed date or page with a server error) and
        links that mint no token (the session opens the orders)."""
        messages = []
        page = request_input.page_number(page)
        sortby = request_input.pick_option(
            self._get_purchase_searchbar_sortings(), sortby, "date", messages
        )
        if searchbar_filters:
            filterby = request_input.pick_option(
                searchbar_filters, filterby, default_filter, messages
            )
        else:
            filterby = None
        date_begin, date_end = self._customer_zone_list_dates(
            date_begin, date_end, messages
        )
        response = super()._render_portal(
            template,
            page,
            date_begin,
            date_end,
            sortby,
            filterby,
            list(domain),
            searchbar_filters,
            default_filter,
            url,
            history,
            page_name,
            key,
        )
        if hasattr(response, "qcontext"):
            response.qcontext[key] = session_links(response.qcontext[key])
            response.qcontext["customer_zone_messages"] = messages
        return response

    @staticmethod
    def _customer_zone_list_dates(date_begin, date_end, messages):
        """Core's period as YYYY-MM-DD strings; both dropped, with a message,
        when one is given but is not a date."""
        given = (date_begin, date_end)
        if not any(given):
            return None, None
        dates = tuple(_iso_date(raw) for raw in given)
        if not all(dates):
            messages.append(
                request.env._("The dates given are not valid; showing all.")
            )
            return None, None
        return dates

    # ------------------------------------------------------------------
    # the order
    # ------------------------------------------------------------------
    def _customer_zone_purchase_gate(self, access_token):
        """A logged-in customer or supplier needs the zone's purchases page;
        a link's holder, the order's own zone (``_document_check_access``)."""
        user = request.env.user
        by_link = isinstance(access_token, str) and bool(access_token)
        if user.share and not user._is_public() and not by_link:
            self._customer_zone_require(PAGE)

    @staticmethod
    def _customer_zone_link_token(order_id, access_token):
        """The token the request opens the order with: none when the
        logged-in user reads the order itself (its session opens it; the
        token it sent, its own, a stale or a forged one, changes nothing and
        the page's links need none: none is minted). A visitor's, or that of
        a user who holds only the link (forwarded to it), as sent."""
        if not isinstance(access_token, str) or not access_token:
            return None
        if request.env.user._is_public():
            return access_token
        order_id = request_input.record_id(order_id)
        order = request.env[MODEL].browse(order_id or []).exists()
        if order and order.has_access("read"):
            return None
        return access_token

    def _customer_zone_purchase_order(self, order_id, access_token):
        """The order in sudo once the user (or the link) may see it; else 404."""
        self._customer_zone_purchase_gate(access_token)
        order_id = request_input.record_id(order_id)
        if order_id is None:
            raise request.not_found()
        try:
            return self._document_check_access(MODEL, order_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None

    @http.route(readonly=readonly_session_get)
    def portal_my_purchase_order(self, order_id=None, access_token=None, **kw):
        """Core's page, which no longer acknowledges on a GET: the link of
        core's email (``?acknowledge=True``) shows the form instead. It
        only reads: a user who reads the order itself opens it by its session
        whatever token it sends (``_customer_zone_link_token``)."""
        access_token = self._customer_zone_link_token(order_id, access_token)
        self._customer_zone_purchase_gate(access_token)
        kw = {key: kw[key] for key in ORDER_PAGE_KEYS if isinstance(kw.get(key), str)}
        if kw.pop("acknowledge", None):
            kw["customer_zone_ack_prompt"] = "1"
        if kw.get("report_type") not in (None, "html", "pdf", "text"):
            kw.pop("report_type")
        return super().portal_my_purchase_order(
            order_id=order_id, access_token=access_token, **kw
        )

    def _purchase_order_get_page_view_values(self, order, access_token, **kwargs):
        ack_error = kwargs.pop("customer_zone_ack_error", None)
        prompt = bool(kwargs.pop("customer_zone_ack_prompt", None))
        done = kwargs.pop("customer_zone_ack", None) == "1"
        if not access_token:
            # the session opens the order: its links need no token
            order = session_links(order)
        values = super()._purchase_order_get_page_view_values(
            order, access_token, **kwargs
        )
        values["customer_zone_ack"] = self._customer_zone_ack_values(
            order, access_token, ack_error, prompt, done
        )
        return values

    def _customer_zone_ack_values(self, order, access_token, error, prompt, done):
        """What the page shows of the acknowledgement: its form, or who
        acknowledged the order and when; a message about the last submit."""
        refusal = order._customer_zone_acknowledge_refusal()
        company = order.company_id
        first, last = self._customer_zone_date_bounds()
        types = request.env["ir.attachment"]._customer_zone_allowed_types(company)
        return {
            "can": not refusal and not request.env.user._is_internal(),
            "prompt": prompt,
            "done": done and bool(order.customer_zone_acknowledged_on),
            "error": error if error in ACK_ERRORS else None,
            "refusal": refusal,
            "action": f"/my/purchase/{order.id}/acknowledge",
            "access_token": access_token if isinstance(access_token, str) else None,
            "max_mb": company.customer_zone_attachment_max_mb,
            "types": ", ".join(types),
            "accept": ",".join(f".{kind}" for kind in types),
            "date_min": fields.Date.to_string(first),
            "date_max": fields.Date.to_string(last),
            "max_note": MAX_NOTE_CHARS,
        }

    @staticmethod
    def _customer_zone_date_bounds():
        """The dates a supplier may give: from today to MAX_DATE_YEARS on."""
        today = fields.Date.context_today(request.env.user)
        return today, today + relativedelta(years=MAX_DATE_YEARS)

    def _customer_zone_supplier_date(self, raw):
        """``raw`` as a date within the bounds; None when empty; False when
        it is no such date."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        date = _iso_date(raw.strip() if isinstance(raw, str) else raw)
        if not date:
            return False
        first, last = self._customer_zone_date_bounds()
        date = fields.Date.to_date(date)
        return date if first <= date <= last else False

    @http.route(
        "/my/purchase/<int:order_id>/acknowledge",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def customer_zone_purchase_acknowledge(self, order_id, access_token=None, **post):
        """The supplier acknowledges the order: a POST (CSRF) from the order's
        page, by its supplier's user or the holder of the emailed link, with
        an optional note, expected date and file. Bad input or an order that
        cannot be acknowledged (twice, cancelled) goes back to the page with
        a message, nothing written; another supplier's order is a 404."""
        access_token = self._customer_zone_link_token(order_id, access_token)
        order_sudo = self._customer_zone_purchase_order(order_id, access_token)
        if request.env.user._is_internal():
            raise request.not_found()  # employees use the backend's button
        error, values = self._customer_zone_ack_input(order_sudo, post)
        if not error:
            # sudo as the visitor, not as the superuser _document_check_access
            # gives: the company's approval rules apply to the supplier
            order_as_visitor = order_sudo.with_user(request.env.user).sudo()
            try:
                with request.env.cr.savepoint():
                    order_as_visitor._customer_zone_acknowledge(**values)
            except UserError:
                error = "refused"
        return request.redirect(
            self._customer_zone_order_url(order_sudo, access_token, error)
        )

    def _customer_zone_ack_input(self, order_sudo, post):
        """The error code of the submitted form, or None and the values of
        ``_customer_zone_acknowledge``."""
        note = plain_text(post.get("customer_zone_note"), multiline=True)
        if len(note) > MAX_NOTE_CHARS:
            return "note", None
        date = self._customer_zone_supplier_date(post.get("customer_zone_date"))
        if date is False:
            return "date", None
        error, file = self._customer_zone_ack_file(order_sudo.company_id)
        if error:
            return error, None
        if order_sudo._customer_zone_acknowledge_refusal():
            return "refused", None
        partner, user = self._customer_zone_acknowledging(order_sudo)
        return None, {
            "partner": partner,
            "user": user,
            "note": note,
            "date": date,
            "file": file,
        }

    @staticmethod
    def _customer_zone_acknowledging(order_sudo):
        """Who acknowledges: a user of the order's supplier in its own name;
        anyone else holding the link (a visitor, another supplier's user it
        was forwarded to) for the order's contact, as no user."""
        user = request.env.user
        supplier = order_sudo.partner_id.commercial_partner_id
        if not user._is_public() and user.partner_id.commercial_partner_id == supplier:
            return user.partner_id, user
        return order_sudo.partner_id, user.browse()

    @staticmethod
    def _customer_zone_ack_file(company):
        """The uploaded file as (name, content), within the company's limits
        for files of the zone: (error code, None) otherwise; (None, None)
        when none was sent."""
        upload = request.httprequest.files.get("customer_zone_file")
        if not upload or not upload.filename:
            return None, None
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        if size > company.customer_zone_attachment_max_mb * MEGABYTE:
            return "size", None
        name = plain_text(upload.filename) or "file"
        Attachment = request.env["ir.attachment"]
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if extension not in Attachment._customer_zone_allowed_types(company):
            return "type", None
        return None, (name, upload.read())

    @staticmethod
    def _customer_zone_order_url(order_sudo, access_token, error=None):
        """The order's page (with the link's token when it was opened by
        link), telling it how the acknowledgement went."""
        query = (
            {"customer_zone_ack_error": error} if error else {"customer_zone_ack": 1}
        )
        if isinstance(access_token, str) and access_token:
            query["access_token"] = access_token
        return f"{order_sudo.access_url}?{urlencode(query)}"

    @http.route()
    def portal_my_purchase_order_update_dates(
        self, order_id=None, access_token=None, **kw
    ):
        """Core's date update of a confirmed order's lines, once every line is
        one of the order's and every date a date within the bounds: else
        nothing is written and the answer says why (core takes any value of
        any type and fails on it)."""
        # the supplier's own dates: its acknowledgement stands (see
        # purchase.order.line's write)
        request.update_context(customer_zone_keep_acknowledgement=True)
        order_sudo = self._customer_zone_purchase_order(order_id, access_token)
        if order_sudo.state != "purchase":
            raise UserError(request.env._("Only a confirmed order's dates can change."))
        lines = {}
        for raw_id, raw_date in kw.items():
            line_id = request_input.record_id(raw_id)
            date = self._customer_zone_supplier_date(raw_date)
            if line_id not in order_sudo.order_line.ids or not date:
                raise UserError(
                    request.env._("Give a date for the lines of this order.")
                )
            lines[str(line_id)] = fields.Date.to_string(date)
        return super().portal_my_purchase_order_update_dates(
            order_id=order_sudo.id, access_token=access_token, **lines
        )

    @http.route(readonly=readonly_session_get)
    def portal_my_purchase_order_download_edi(
        self, order_id=None, access_token=None, **kw
    ):
        self._customer_zone_purchase_order(order_id, access_token)
        return super().portal_my_purchase_order_download_edi(
            order_id=order_id, access_token=access_token
        )


def _iso_date(raw):
    """``raw`` as a YYYY-MM-DD string, or None when it is not a date of a
    year a period may hold (``request_input.iso_date``)."""
    day = request_input.iso_date(raw)
    return day and day.isoformat()
