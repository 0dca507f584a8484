"""The quotation published: publishing a draft quotation to the zone emails
the customer a link to it (a company setting)."""

from datetime import timedelta

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
            order.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
            order.customer_zone_published_mailed_on = now

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

    def _customer_zone_quote_url(self):
        """The quotation's page with a link token, for the email: the link
        mixin's rules apply (validity from now, a fresh token for an expired
        one, revocation, the off switch)."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url()
