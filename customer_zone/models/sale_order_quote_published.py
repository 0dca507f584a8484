"""The quotation published: publishing a draft quotation to the zone emails
the customer a link to it (a company setting)."""

from datetime import timedelta
from urllib.parse import quote

from odoo import api, fields, models

# a quotation unpublished and published again within this time (a click
# undone) gets no second email; later, it is a new publication
REPUBLISH_QUIET = timedelta(days=1)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_zone_published_mailed_on = fields.Datetime(
        string="Publication emailed on",
        copy=False,
        readonly=True,
        help="When the customer was last emailed a link to this quotation "
        "because it was published in the Customer Zone.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered("customer_zone_published")._customer_zone_mail_publication()
        return orders

    def write(self, vals):
        """A quotation that becomes published (False -> True) is a
        publication, by the form's field or any write."""
        if not vals.get("customer_zone_published"):
            return super().write(vals)
        publishing = self.filtered(lambda order: not order.customer_zone_published)
        result = super().write(vals)
        publishing._customer_zone_mail_publication()
        return result

    # ------------------------------------------------------------------
    # the email
    # ------------------------------------------------------------------
    def _customer_zone_mail_publication(self):
        """Email each newly published quotation to its customer, or say on
        its chatter why not when the salesperson would expect an email (the
        customer has no email, or no zone). Publications the business did
        not make (the customer's own catalog order) send nothing."""
        if self.env.user.share:
            return
        template = self.env.ref(
            "customer_zone.mail_template_quote_published", raise_if_not_found=False
        )
        if not template:
            return
        now = fields.Datetime.now()
        for order in self:
            if not order._customer_zone_publication_mail_due(now):
                continue
            refusal = order._customer_zone_publication_mail_refusal()
            if refusal:
                order.message_post(body=refusal, subtype_xmlid="mail.mt_note")
                continue
            # the salesperson follows the quotation (as sale's own emails
            # make it): replies and the customer's comments reach it
            order.message_subscribe(partner_ids=order.user_id.partner_id.ids)
            order._customer_zone_post_publication(template)
            order.customer_zone_published_mailed_on = now

    def _customer_zone_post_publication(self, template):
        """Post the template's email on the quotation to its customer ONLY.

        Not through the composer: with a template it emails the record's
        suggested recipients (whoever wrote on the quotation, an earlier
        customer) and the followers. Here the customer is the one recipient
        (``partner_ids``, followers skipped: a previous customer who follows
        the quotation gets no link to it). No Reply-To is set: Odoo's default
        one (the quotation's alias, else the catchall, else the sender)
        brings replies to the quotation's chatter."""
        self.ensure_one()
        values = template._generate_template(
            self.ids, ("subject", "body_html", "email_from")
        )[self.id]
        author = self.user_id.partner_id or self.env.user.partner_id
        order = self
        if not self._customer_zone_links_on():
            order = self.with_context(customer_zone_no_link=True)
        return order.message_post(
            subject=values.get("subject"),
            body=values.get("body_html"),
            email_from=values.get("email_from") or author.email_formatted,
            author_id=author.id,
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
            notify_skip_followers=True,
        )

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=False):
        """The publication email with document links off carries the login
        link only: the customer's button of the header (core's, with a
        token) is hidden, and no token is minted for it (the link mixin's
        ``customer_zone_no_link``)."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if self.env.context.get("customer_zone_no_link"):
            for name, _check, data in groups:
                if name == "portal_customer":
                    data["has_button_access"] = False
        return groups

    def _customer_zone_publication_mail_due(self, now):
        """Whether this publication calls for an email at all: the company
        asks for it, the quotation is a draft (a sent one was emailed
        already), and it was not emailed a moment ago (unpublished and
        published again: one email per publication, not per click)."""
        self.ensure_one()
        if not self.company_id.customer_zone_quote_published_email:
            return False
        if self.state != "draft" or not self.customer_zone_published:
            return False
        mailed = self.customer_zone_published_mailed_on
        return not (mailed and now - mailed < REPUBLISH_QUIET)

    def _customer_zone_publication_mail_refusal(self):
        """Why the customer cannot get the email, or False."""
        self.ensure_one()
        customer = self.partner_id
        zone = customer._customer_zone_state(self.company_id)
        if not zone.shows("quotes"):
            return self.env._(
                "The customer was not emailed about this published quotation: "
                "its Customer Zone does not show quotations."
            )
        if not customer.email:
            return self.env._(
                "The customer was not emailed about this published quotation: "
                "%(customer)s has no email address.",
                customer=customer.display_name,
            )
        return False

    def _customer_zone_links_on(self):
        """Whether the email may carry a link that opens the quotation
        without logging in (the company's off switch)."""
        self.ensure_one()
        return bool(self.company_id.customer_zone_document_links)

    def _customer_zone_quote_url(self):
        """The quotation's page with a link token, for the email: the link
        mixin's rules apply (validity from now, a fresh token for an expired
        one, revocation). With document links switched off, the login page
        leading to the quotation: no token minted for a link that would
        not open it."""
        self.ensure_one()
        base = self.get_base_url()
        if not self._customer_zone_links_on():
            return f"{base}/web/login?redirect={quote(self.access_url, safe='')}"
        self._customer_zone_renew_link_for_email()
        return base + self.get_portal_url()
