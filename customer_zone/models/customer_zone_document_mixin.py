from odoo import api, fields, models
from odoo.fields import Domain


class CustomerZoneDocumentMixin(models.AbstractModel):
    """A document the Customer Zone shows to customers.

    ``customer_zone_visible`` answers "may the current portal user see this
    document?" as a searchable field, so that one global record rule per model
    (security/ir_rules.xml) enforces the answer in the ORM, for the portal's
    pages and for JSON-RPC alike. The answer itself is built in one place:
    ``res.partner._customer_zone_document_domain``.

    Documents customers also reach by link and comment on (invoices, orders,
    tickets) take ``customer.zone.link.mixin``, which includes this one;
    payments take only this one.

    The field answers two questions that agree for a document's own customer:
    searched, "does the zone of the current user's customer show documents
    like this one?" (the record rules' domain); computed, "does the zone of
    the document's own customer show it?" (what a link needs: its holder may
    be anyone). The ORM checks the rules of records it already holds with the
    computed value (``_check_access`` filters in Python), so the rule on this
    field never tells customers apart: core's portal rules do (partner or
    follower ``child_of`` the user's customer), AND-ed with it. A bridge whose
    model the zone grants to portal users itself, by the customer relation,
    needs a rule field that answers for the current user both ways
    (``customer_zone_mine`` in ``customer_zone_project``).
    """

    _name = "customer.zone.document.mixin"
    _description = "Document shown in the Customer Zone"

    customer_zone_visible = fields.Boolean(
        string="Visible in the Customer Zone",
        compute="_compute_customer_zone_visible",
        search="_search_customer_zone_visible",
        help="Whether the customer of this document sees it in the zone.",
    )

    def _customer_zone_partner(self):
        """The customer the document is shown to (overridden per model)."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id

    @api.depends_context("uid")
    def _compute_customer_zone_visible(self):
        visible = self.browse()
        for (partner, company), documents in self.grouped(
            lambda doc: (doc.sudo()._customer_zone_partner(), doc.sudo().company_id)
        ).items():
            # the domain of this company's documents: its company conditions
            # decided in Python, no query to evaluate them
            domain = partner._customer_zone_document_domain(self._name, company)
            visible |= documents.sudo().filtered_domain(domain)
        for document in self:
            document.customer_zone_visible = document in visible

    def _search_customer_zone_visible(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        user = self.env.user
        if not user.share:
            domain = Domain.TRUE
        else:
            partner = user.sudo().commercial_partner_id
            domain = partner._customer_zone_document_domain(self._name)
        return domain if (operator == "=") == value else ~domain
