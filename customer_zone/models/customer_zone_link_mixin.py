from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class CustomerZoneLinkMixin(models.AbstractModel):
    """A zone document customers reach by link and comment on.

    The links of ``portal.mixin`` expire and rotate here, and the chatter of
    ``mail.thread`` obeys the zone and the link's rules. Like core's
    ``mail.thread.cc``, this mixin inherits the two models it overrides, so in
    the method resolution order of a document it comes before them. A model
    that already inherits them must list this mixin *first* in its
    ``_inherit`` (core's res.partner does so with ``mail.thread.phone``):
    listed after them, Python finds no consistent order and the registry
    fails to load.
    """

    _name = "customer.zone.link.mixin"
    _inherit = ["customer.zone.document.mixin", "portal.mixin", "mail.thread"]
    _description = "Customer Zone document with links and comments"

    customer_zone_token_expires_on = fields.Datetime(
        string="Link valid until",
        copy=False,
        readonly=True,
        help="When the link sent to the customer stops working. A new email "
        "after that date comes with a new link.",
    )

    def _customer_zone_responsible(self):
        """The internal user a customer's comment must reach (per model)."""
        return self.env["res.users"]

    # ------------------------------------------------------------------
    # chatter: comments reach the responsible, links obey the zone
    # ------------------------------------------------------------------
    def message_post(self, **kwargs):
        if kwargs.get("message_type") == "comment":
            self._customer_zone_subscribe_responsible()
        return super().message_post(**kwargs)

    def _customer_zone_subscribe_responsible(self):
        """Before a customer's comment: make sure its responsible follows.

        Core only notifies followers, and the salesperson of an invoice created
        by someone else (or by a batch) is often not one.
        """
        if self.env.user.share and len(self) == 1:
            responsible = self.sudo()._customer_zone_responsible()
            if responsible and not responsible.share:
                self.sudo().message_subscribe(partner_ids=responsible.partner_id.ids)

    @api.model
    def _get_thread_with_access(self, thread_id, **kwargs):
        """A chatter reached by token or hash obeys the zone and the link's
        rules too: portal lets anyone holding the link read the document's
        messages, download its attachments and post on it. An employee who
        holds only the link gets no more out of it than a customer."""
        thread = super()._get_thread_with_access(thread_id, **kwargs)
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

    def _portal_ensure_token(self):
        if self.env.context.get("customer_zone_no_link"):
            # an email that must carry no link (document links off): core's
            # notification asks for a token for its button, which that email
            # hides; mint none
            return self.access_token
        if self.env.cr.readonly:
            # a read-only request (a page, on the replica) never writes: a
            # document without a token gets none, its page is the session's
            # (core asks for one for the payment form of a quotation, whose
            # owner is logged in); writing would make Odoo serve the whole
            # request again on the primary
            return self.access_token
        self._customer_zone_drop_expired_token()
        # only a link minted now starts its validity: a visitor opening an
        # older one writes nothing (links issued before the zone governed
        # them got theirs at install: hooks.date_existing_links)
        minted = self.filtered(lambda doc: not doc.access_token)
        token = super()._portal_ensure_token()
        minted._customer_zone_start_token_validity()
        return token

    def _customer_zone_drop_expired_token(self):
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

    def _customer_zone_renew_link_for_email(self):
        """Before an email of the business (a reminder) puts a link to these
        documents in front of the customer: the link, renewed if expired
        (``_portal_ensure_token``), is valid for the days Settings give from
        this email on, so that no email carries a link that dies the next
        day. The token stays the same: the older emails' copies of this link
        live as long, and "Revoke all links" still voids it. Links without
        an end of validity (none set, or not governed by the zone) stay as
        they are."""
        for document in self:
            document._portal_ensure_token()
        governed = self.filtered("customer_zone_token_expires_on")
        for company, documents in governed.grouped("company_id").items():
            days = (company or self.env.company).customer_zone_link_validity_days
            if days > 0:
                documents.sudo().customer_zone_token_expires_on = (
                    fields.Datetime.now() + relativedelta(days=days)
                )

    def _customer_zone_start_token_validity(self):
        """Start the validity of a freshly issued link."""
        fresh = self.filtered(lambda doc: not doc.customer_zone_token_expires_on)
        for company, documents in fresh.grouped("company_id").items():
            days = (company or self.env.company).customer_zone_link_validity_days
            if days > 0:
                documents.sudo().customer_zone_token_expires_on = (
                    fields.Datetime.now() + relativedelta(days=days)
                )

    def _get_access_action(self, access_uid=None, force_website=False):
        """/mail/view (a link in an email) for a customer's own user, logged
        in and reading the document: its page, opened by the session. Core
        sends it to the share URL, which mints a token: a write on a GET."""
        self.ensure_one()
        user = (
            self.env["res.users"].sudo().browse(access_uid)
            if access_uid
            else self.env.user
        )
        if (
            user.share
            and not user._is_public()
            and self.with_user(user).has_access("read")
        ):
            return {
                "type": "ir.actions.act_url",
                "url": self.access_url,
                "target": "self",
                "res_id": self.id,
            }
        return super()._get_access_action(
            access_uid=access_uid, force_website=force_website
        )

    def get_portal_url(
        self,
        suffix=None,
        report_type=None,
        download=None,
        query_string=None,
        anchor=None,
    ):
        """Records a page searched as the logged-in user carry the context key
        ``customer_zone_session_links``: their session already opens them, so
        their links need no token. Minting one per row would write on every
        first visit (one UPDATE per document) and turn a read into a write.

        The same on a read-only cursor (a read-only route, a replica) for a
        document that has no token yet, whatever path rendered it: minting
        there would fail and Odoo would run the whole request again on the
        primary. A link is minted when one is issued (core's email of the
        document, a reminder), in that sender's transaction.
        """
        self.ensure_one()
        session = self.env.context.get("customer_zone_session_links") or (
            self.env.cr.readonly and not self.access_token
        )
        if not session or self.env.user._is_public():
            return super().get_portal_url(
                suffix=suffix,
                report_type=report_type,
                download=download,
                query_string=query_string,
                anchor=anchor,
            )
        query = "&".join(
            part
            for part in (
                f"report_type={report_type}" if report_type else "",
                "download=true" if download else "",
                (query_string or "").lstrip("&"),
            )
            if part
        )
        return "{}{}{}{}".format(
            self.access_url,
            suffix or "",
            f"?{query}" if query else "",
            f"#{anchor}" if anchor else "",
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
