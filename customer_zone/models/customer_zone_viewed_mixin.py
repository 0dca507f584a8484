from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL


class CustomerZoneViewedMixin(models.AbstractModel):
    """A document whose views by its customer are recorded
    (``customer.zone.view.event``): when it was first and last viewed, and
    how often, for the accountant's form and list.

    Nothing is stored on the document: a view never writes on it (no lock, no
    chatter, no recompute). The figures are read from the events, for a whole
    batch of documents in one grouped query; "viewed" is searched by a
    sub-select on the events' document index.
    """

    _name = "customer.zone.viewed.mixin"
    _description = "Customer Zone: document viewed by customers"

    # internal users only: a customer reads its documents over JSON-RPC too,
    # and whether the business saw it open them is none of its business
    customer_zone_first_viewed = fields.Datetime(
        string="First viewed",
        compute="_compute_customer_zone_views",
        groups="base.group_user",
        help="When the customer first opened this document in the zone "
        "(its page, its PDF or one of its files).",
    )
    customer_zone_last_viewed = fields.Datetime(
        string="Last viewed",
        compute="_compute_customer_zone_views",
        groups="base.group_user",
    )
    customer_zone_view_count = fields.Integer(
        string="Zone views",
        compute="_compute_customer_zone_views",
        groups="base.group_user",
        help="How many times the customer opened this document in the zone "
        "(reloads within the company's window count once).",
    )
    customer_zone_viewed = fields.Boolean(
        string="Viewed by the customer",
        compute="_compute_customer_zone_views",
        search="_search_customer_zone_viewed",
        groups="base.group_user",
    )

    def _compute_customer_zone_views(self):
        figures = self._customer_zone_view_figures()
        for document in self:
            first, last, count = figures.get(document._origin.id, (False, False, 0))
            document.customer_zone_first_viewed = first
            document.customer_zone_last_viewed = last
            document.customer_zone_view_count = count
            document.customer_zone_viewed = bool(count)

    def _customer_zone_view_figures(self):
        """``{document id: (first view, last view, count)}`` of the documents
        of ``self`` viewed at least once, in one grouped query."""
        ids = [document_id for document_id in self._origin.ids if document_id]
        if not ids:
            return {}
        # sudo: figures of documents the user reads already; the events
        # themselves stay for invoicing users (their access rights)
        groups = (
            self.env["customer.zone.view.event"]
            .sudo()
            ._read_group(
                Domain("res_model", "=", self._name) & Domain("res_id", "in", ids),
                ["res_id"],
                ["create_date:min", "create_date:max", "__count"],
            )
        )
        return {res_id: (first, last, count) for res_id, first, last, count in groups}

    def _search_customer_zone_viewed(self, operator, value):
        if not (self.env.su or self.env.user._is_internal()):
            # the field's groups guard reading it, not searching on it: a
            # customer must not learn which documents were seen opened
            raise AccessError(
                self.env._("Only employees may search on the customer's views.")
            )
        if operator != "in":
            return NotImplemented
        wanted = {bool(item) for item in value}
        if len(wanted) != 1:
            return Domain.TRUE if wanted else Domain.FALSE
        viewed = SQL(
            """(SELECT event.res_id FROM customer_zone_view_event AS event
                 WHERE event.res_model = %s AND event.res_id IS NOT NULL)""",
            self._name,
        )
        return Domain("id", "in" if True in wanted else "not in", viewed)

    def action_customer_zone_view_events(self):
        """The views of this document (the report, on this document)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_zone.customer_zone_view_event_action"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {"create": False}
        action["display_name"] = self.env._(
            "Views of %(document)s", document=self.display_name
        )
        return action
