from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, plaintext2html

# the states in which a supplier may acknowledge an order: a request for
# quotation sent to it, a confirmed order
ACKNOWLEDGEABLE_STATES = ("sent", "purchase")
SUBTYPE_XMLID = "customer_zone_purchase.mt_supplier_acknowledged"


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    # the link mixin first: it overrides portal.mixin and mail.thread, which
    # purchase.order inherits already (see the mixin)
    _inherit = [
        "customer.zone.link.mixin",
        "customer.zone.viewed.mixin",
        "purchase.order",
    ]

    customer_zone_acknowledged_on = fields.Datetime(
        string="Acknowledged by the supplier on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the supplier acknowledged the order in the zone.",
    )
    customer_zone_acknowledged_partner_id = fields.Many2one(
        "res.partner",
        string="Acknowledged by",
        readonly=True,
        copy=False,
        help="The supplier's contact who acknowledged the order (the order's "
        "contact when it was acknowledged through the emailed link).",
    )
    customer_zone_acknowledged_user_id = fields.Many2one(
        "res.users",
        string="Acknowledged by user",
        readonly=True,
        copy=False,
        help="The portal user who acknowledged the order; empty when it was "
        "acknowledged through the emailed link, without logging in.",
    )
    customer_zone_supplier_note = fields.Text(
        string="Supplier's note",
        readonly=True,
        copy=False,
    )
    customer_zone_supplier_date = fields.Date(
        string="Supplier's expected date",
        readonly=True,
        copy=False,
        help="The date the supplier expects to deliver, given when it "
        "acknowledged the order.",
    )

    # ------------------------------------------------------------------
    # the acknowledgement is of the order as the supplier saw it
    # ------------------------------------------------------------------
    def button_draft(self):
        result = super().button_draft()
        self._customer_zone_reset_acknowledgement(
            self.env._("the order was reset to draft")
        )
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self._customer_zone_reset_acknowledgement(self.env._("the order was cancelled"))
        return result

    def _customer_zone_acknowledged(self):
        """The orders of ``self`` the supplier acknowledged (in the zone or
        through core's flag)."""
        return self.filtered(
            lambda order: order.customer_zone_acknowledged_on or order.acknowledged
        )

    def _customer_zone_reset_acknowledgement(self, reason):
        """The acknowledged orders of ``self`` were changed (``reason``): the
        supplier acknowledged another order. Who, when, its note and date
        and core's flag are cleared, so that it may acknowledge this one;
        the chatter says why. Sudo: whoever may change the order may clear
        what the supplier said of its former content."""
        acknowledged = self._customer_zone_acknowledged().sudo()
        if not acknowledged:
            return
        acknowledged.write(
            {
                "customer_zone_acknowledged_on": False,
                "customer_zone_acknowledged_partner_id": False,
                "customer_zone_acknowledged_user_id": False,
                "customer_zone_supplier_note": False,
                "customer_zone_supplier_date": False,
                "acknowledged": False,
            }
        )
        body = Markup("<p>%s</p>") % self.env._(
            "The supplier's acknowledgement was reset: %(reason)s.", reason=reason
        )
        for order in acknowledged:
            order.message_post(
                body=body, message_type="notification", subtype_xmlid="mail.mt_note"
            )

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self._customer_zone_buyer()

    def _customer_zone_buyer(self):
        """The internal user told of the supplier's acknowledgement: the
        order's buyer, else the supplier's buyer, else whoever created it."""
        self.ensure_one()
        candidates = (
            self.user_id,
            self.partner_id.commercial_partner_id.buyer_id,
            self.create_uid,
        )
        for user in candidates:
            if user and not user.share and user.active:
                return user
        return self.env["res.users"]

    # ------------------------------------------------------------------
    # acknowledgement by the supplier
    # ------------------------------------------------------------------
    def _customer_zone_acknowledge_refusal(self):
        """Why the supplier may not acknowledge this order, or False."""
        self.ensure_one()
        if self.customer_zone_acknowledged_on or self.acknowledged:
            return self.env._("This order was already acknowledged.")
        if self.state == "cancel":
            return self.env._(
                "This order was cancelled: there is nothing to acknowledge."
            )
        if self.state not in ACKNOWLEDGEABLE_STATES:
            return self.env._("This order cannot be acknowledged now.")
        return False

    def _customer_zone_acknowledge(
        self, partner, user, note=None, date=None, file=None
    ):
        """The supplier's contact ``partner`` (portal ``user``, or an empty
        one for a visitor holding the emailed link) acknowledges this order,
        with an optional note, expected date and ``file`` (name, content).

        ``self`` is in sudo as the visitor (``env.user``: the supplier's user,
        or the public user), so that the approval rules of the company apply
        to it: the controller decided the visitor may see the order. The row
        is locked first, so that two submits cannot both pass; a refused
        order raises UserError before anything is written.
        Then: who and when, core's flag, the status chosen in Settings, and a
        message that reaches the buyer (with the file).
        """
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT id FROM purchase_order WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset()
        refusal = self._customer_zone_acknowledge_refusal()
        if refusal:
            raise UserError(refusal)
        self.write(
            {
                "customer_zone_acknowledged_on": fields.Datetime.now(),
                "customer_zone_acknowledged_partner_id": partner.id,
                "customer_zone_acknowledged_user_id": user.id or False,
                "customer_zone_supplier_note": note or False,
                "customer_zone_supplier_date": date or False,
                "acknowledged": True,
            }
        )
        problem = self._customer_zone_apply_ack_status()
        self._customer_zone_notify_buyer(partner, problem, file)
        return True

    def _customer_zone_apply_ack_status(self):
        """Move the order to the status the company chose; the reason it
        could not be confirmed (for the buyer), or False."""
        if (
            self.company_id.customer_zone_supplier_ack_status != "confirm"
            or self.state != "sent"
        ):
            return False
        try:
            with self.env.cr.savepoint():
                self.button_confirm()
        except UserError as error:
            return error.args[0]
        return False

    def _customer_zone_notify_buyer(self, partner, problem=False, file=None):
        """A message from the supplier on the order, of the subtype
        "Acknowledged by supplier" (followers get it), sent to the buyer."""
        buyer = self._customer_zone_buyer()
        body = Markup("<p>%s</p>") % self.env._(
            "%(supplier)s acknowledged %(order)s.",
            supplier=partner.display_name,
            order=self.name,
        )
        if self.customer_zone_supplier_date:
            body += Markup("<p>%s</p>") % self.env._(
                "Expected date: %(date)s",
                date=format_date(self.env, self.customer_zone_supplier_date),
            )
        if self.customer_zone_supplier_note:
            body += plaintext2html(self.customer_zone_supplier_note)
        if problem:
            body += Markup("<p>%s</p>") % self.env._(
                "The request for quotation could not be confirmed: %(reason)s",
                reason=problem,
            )
        self.message_post(
            body=body,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid=SUBTYPE_XMLID,
            partner_ids=buyer.partner_id.ids,
            attachments=[file] if file else None,
        )
