"""My details: the partner fields the business chose to show, and the fewer
a customer may change (parsed by ``customer.zone.detail.field``)."""

from markupsafe import Markup

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal import CustomerZonePortal, readonly_on_get


class CustomerZoneDetailsPortal(CustomerZonePortal):
    @http.route(
        "/my/details",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        readonly=readonly_on_get,
    )
    def portal_my_details(self, **post):
        zone = self._customer_zone_require("details")
        partner = zone.partner
        lines = request.env["customer.zone.detail.field"]._get_for_company(zone.company)
        errors, saved = {}, False
        if request.httprequest.method == "POST":
            values, errors = lines._parse_portal_values(post)
            if not errors:
                try:
                    with request.env.cr.savepoint():
                        saved = self._customer_zone_save_details(partner, lines, values)
                except (UserError, ValidationError) as error:
                    errors["__all__"] = str(error)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "details",
                "partner": partner,
                "detail_lines": lines,
                "detail_options": lines._portal_selection_options(),
                "errors": errors,
                "saved": saved,
                "submitted": post if errors else {},
            }
        )
        return request.render("customer_zone.portal_my_details", values)

    def _customer_zone_save_details(self, partner, lines, values):
        """Write what changed and log it in the customer's chatter."""
        changes = {
            name: value for name, value in values.items() if partner[name] != value
        }
        if not changes:
            return False
        labels = {line.field_id.name: line.field_id.field_description for line in lines}
        old = {name: partner[name] for name in changes}
        # sudo: only the fields the business listed as editable, parsed above
        partner.sudo().write(changes)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            request.env._("Details changed in the customer zone:"),
            Markup().join(
                Markup("<li>%s: %s → %s</li>")
                % (labels[name], old[name] or "", partner[name] or "")
                for name in changes
            ),
        )
        partner.sudo().message_post(
            body=body,
            author_id=request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
