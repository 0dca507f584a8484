from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain


class CustomerZoneDocumentMixin(models.AbstractModel):
    """A document the Customer Zone shows to customers.

    ``customer_zone_visible`` answers "may the current portal user see this
    document?" as a searchable field, so that one global record rule per model
    (security/ir_rules.xml) enforces the answer in the ORM, for the portal's
    pages and for JSON-RPC alike. The answer itself is built in one place:
    ``res.partner._customer_zone_document_domain``.
    """

    _name = "customer.zone.document.mixin"
    _description = "Document shown in the Customer Zone"

    customer_zone_token_expires_on = fields.Datetime(
        string="Link valid until",
        copy=False,
        readonly=True,
        help="When the link sent to the customer stops working. A new email "
        "after that date comes with a new link.",
    )
    customer_zone_visible = fields.Boolean(
        string="Visible in the Customer Zone",
        compute="_compute_customer_zone_visible",
        search="_search_customer_zone_visible",
        help="Whether the customer of this document sees it in the zone.",
    )

    def _customer_zone_responsible(self):
        """The internal user a customer's comment must reach (per model)."""
        return self.env["res.users"]

    def _customer_zone_notify_responsible(self, message_type):
        """Before a customer's comment: make sure its responsible follows.

        Core only notifies followers, and the salesperson of an invoice created
        by someone else (or by a batch) is often not one. Called by the
        ``message_post`` of each model: Odoo's model classes put mail.thread
        before this mixin, so the mixin cannot override mail.thread itself.
        """
        if self.env.user.share and len(self) == 1 and message_type == "comment":
            responsible = self.sudo()._customer_zone_responsible()
            if responsible and not responsible.share:
                self.sudo().message_subscribe(partner_ids=responsible.partner_id.ids)

    def _customer_zone_thread_filter(self, thread):
        """A chatter reached by token or hash obeys the zone and the link's
        rules too: portal lets anyone holding the link read the document's
        messages, download its attachments and post on it. An employee who
        holds only the link gets no more out of it than a customer."""
        if not thread or thread.sudo(False).has_access("read"):
            return thread  # the user's own rights, not the link
        thread_sudo = thread.sudo()
        if not self.env.user._is_internal() and not thread_sudo.customer_zone_visible:
            return self.browse()
        if thread_sudo._customer_zone_link_refusal():
            return self.browse()
        return thread

    # ------------------------------------------------------------------
    # document links: expiry and rotation of the portal token
    # ------------------------------------------------------------------
    def _customer_zone_link_expired(self):
        self.ensure_one()
        expires = self.customer_zone_token_expires_on
        return bool(expires) and expires < fields.Datetime.now()

    def _customer_zone_link_refusal(self):
        """Why a link (token or hash) to this document no longer opens it,
        or False: links switched off for its company, or expired."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if not company.customer_zone_document_links:
            return self.env._("Please log in to see this document.")
        if self._customer_zone_link_expired():
            return self.env._(
                "This link has expired. Log in to see the document, or ask us "
                "for a new link."
            )
        return False

    def _customer_zone_before_token(self):
        """An expired token is replaced when the business issues a link (an
        email sent by an employee or a scheduled action): that email gets a
        new link. Whoever merely holds the old link (a visitor through
        /mail/view, a customer's own request) never gets it renewed."""
        user = self.env.user
        if not (user._is_internal() or user._is_superuser()):
            return
        expired = self.filtered(lambda doc: doc._customer_zone_link_expired())
        if expired:
            expired.sudo().write(
                {"access_token": False, "customer_zone_token_expires_on": False}
            )

    def _customer_zone_after_token(self):
        """Start the validity of a freshly issued link."""
        fresh = self.filtered(lambda doc: not doc.customer_zone_token_expires_on)
        for company, documents in fresh.grouped("company_id").items():
            days = (company or self.env.company).customer_zone_link_validity_days
            if days > 0:
                documents.sudo().customer_zone_token_expires_on = (
                    fields.Datetime.now() + relativedelta(days=days)
                )

    def _customer_zone_portal_url(self, super_url, **kwargs):
        """The document's URL for ``get_portal_url`` (called by each model).

        Records a page searched as the logged-in user carry the context key
        ``customer_zone_session_links``: their session already opens them, so
        their links need no token. Minting one per row would write on every
        first visit (one UPDATE per document) and turn a read into a write.
        """
        self.ensure_one()
        if not self.env.context.get("customer_zone_session_links") or (
            self.env.user._is_public()
        ):
            return super_url(**kwargs)
        query = "&".join(
            part
            for part in (
                f"report_type={kwargs['report_type']}"
                if kwargs.get("report_type")
                else "",
                "download=true" if kwargs.get("download") else "",
                (kwargs.get("query_string") or "").lstrip("&"),
            )
            if part
        )
        return "{}{}{}{}".format(
            self.access_url,
            kwargs.get("suffix") or "",
            f"?{query}" if query else "",
            f"#{kwargs['anchor']}" if kwargs.get("anchor") else "",
        )

    @api.model
    def _customer_zone_revoke_tokens(self, partner):
        """Void every link sent to ``partner`` (a commercial partner)."""
        documents = self.sudo().search(
            [("partner_id", "child_of", partner.id), ("access_token", "!=", False)]
        )
        documents.write(
            {"access_token": False, "customer_zone_token_expires_on": False}
        )
        return len(documents)

    def _customer_zone_partner(self):
        """The customer the document is shown to (overridden per model)."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id

    @api.depends_context("uid")
    def _compute_customer_zone_visible(self):
        visible = self.browse()
        for partner, documents in self.grouped(
            lambda doc: doc.sudo()._customer_zone_partner()
        ).items():
            domain = partner._customer_zone_document_domain(self._name)
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
