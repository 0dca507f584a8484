from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class CustomerZoneCustomerNoteWizard(models.TransientModel):
    """Add a customer note from the customer form: an internal log note on
    the customer (its commercial partner), never shown in the zone."""

    _name = "customer.zone.customer.note.wizard"
    _description = "Customer Zone: add a customer note"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        default=lambda self: self._default_partner(),
    )
    body = fields.Html(string="Note", required=True, sanitize=True)

    @api.model
    def _default_partner(self):
        context = self.env.context
        if context.get("active_model") != "res.partner" or not context.get("active_id"):
            return self.env["res.partner"]
        return (
            self.env["res.partner"].browse(context["active_id"]).commercial_partner_id
        )

    def action_post(self):
        """Post the note on the customer with the internal "Customer note"
        subtype: the chatter's access rules apply (the user must be allowed
        to post on the customer), and portal users never read it."""
        self.ensure_one()
        if is_html_empty(self.body):
            raise UserError(self.env._("Write the note first."))
        self.partner_id.commercial_partner_id.message_post(
            body=self.body,
            message_type="comment",
            subtype_xmlid="customer_zone.mt_customer_note",
        )
        return {"type": "ir.actions.act_window_close"}
