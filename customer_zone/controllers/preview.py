"""Preview as customer: an accountant reads what a customer's zone shows."""

from odoo import fields, http
from odoo.fields import Domain
from odoo.http import request

from .portal import CustomerZonePortal

# The preview lists credit notes beside the invoices, signed, so that the
# accountant reads one list of what was billed; receipts (core's "sales
# receipts", rare here) stay out of it, as they always have.
PREVIEW_MOVE_TYPES = ("out_invoice", "out_refund")


class CustomerZonePreview(CustomerZonePortal):
    @http.route(
        "/my/preview/<int:partner_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_customer_zone_preview(self, partner_id, **kw):
        """A read-only page: the summary, open items, statement and invoices
        of a customer, as the zone shows them. It has no form and no button
        that pays, comments or changes anything; each preview is logged."""
        env = request.env
        if not env.user.has_group("account.group_account_invoice"):
            raise request.not_found()
        partner = env["res.partner"].browse(partner_id).exists()
        if not partner or not partner.has_access("read"):
            raise request.not_found()
        # sudo: decided above; the zone of that customer, read-only
        partner_sudo = partner.sudo().commercial_partner_id
        zone = partner_sudo._customer_zone_state(env.company)
        values = {
            "page_name": "preview",
            "preview_partner": partner_sudo,
            "customer_zone": zone,
        }
        if zone.shows("invoices"):
            values.update(self._customer_zone_preview_values(zone))
        self._customer_zone_log_preview(partner_sudo)
        return request.render("customer_zone.portal_customer_zone_preview", values)

    def _customer_zone_preview_values(self, zone):
        """The summary, the last invoices and, when the zone shows it, the
        statement of the last three months of ``zone``'s customer."""
        env = request.env
        partner_sudo = zone.partner
        date_from, date_to = env["customer.zone.statement"]._default_period()
        statements = []
        if zone.shows("statement"):
            statements = (
                env["customer.zone.statement"]
                .sudo()
                .with_context(allowed_company_ids=zone.company.ids)
                ._get_statements(partner_sudo, date_from, date_to)
            )
        # sudo: the customer's documents, by the zone's own visibility domain
        invoices = (
            env["account.move"]
            .sudo()
            .search(
                Domain("partner_id", "child_of", partner_sudo.id)
                & Domain("state", "=", "posted")
                & Domain("company_id", "=", zone.company.id)
                & Domain("move_type", "in", PREVIEW_MOVE_TYPES)
                & partner_sudo._customer_zone_document_domain(
                    "account.move", zone.company
                ),
                order="invoice_date desc, id desc",
                limit=self._items_per_page,
            )
        )
        return {
            "customer_zone_summary": self._customer_zone_summary(zone),
            "invoices": invoices,
            "date_from": date_from,
            "date_to": date_to,
            "statements": statements,
        }

    def _customer_zone_log_preview(self, partner_sudo):
        """A preview is recorded in the customer's chatter, once per customer
        per session and day: a page that (re)loads, or a link planted in
        another page, cannot flood the chatter."""
        key = f"{fields.Date.context_today(request.env.user)}:{partner_sudo.id}"
        logged = request.session.get("customer_zone_previews") or []
        if key in logged:
            return
        request.session["customer_zone_previews"] = [*logged[-49:], key]
        partner_sudo.message_post(
            body=request.env._(
                "Customer Zone previewed by %(user)s.", user=request.env.user.name
            ),
            subtype_xmlid="mail.mt_note",
        )
