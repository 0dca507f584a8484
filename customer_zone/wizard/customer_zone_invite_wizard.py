from odoo import Command, api, fields, models


class CustomerZoneInviteWizard(models.TransientModel):
    """Invite one or many customers to the zone, with an editable message."""

    _name = "customer.zone.invite.wizard"
    _description = "Customer Zone: invite customers"

    message = fields.Html(
        default=lambda self: self.env.company.customer_zone_invitation_message,
        help="Shown in the invitation email above the sign-up link.",
    )
    line_ids = fields.One2many("customer.zone.invite.wizard.line", "wizard_id")
    invite_count = fields.Integer(compute="_compute_counts")
    skip_count = fields.Integer(compute="_compute_counts")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and "line_ids" in fields_list:
            partners = self.env["res.partner"].browse(context.get("active_ids") or [])
            values["line_ids"] = [
                Command.create(line) for line in self._preview_lines(partners)
            ]
        return values

    @api.model
    def _preview_lines(self, partners):
        """A line per contact: companies without an email invite their contacts."""
        contacts = self.env["res.partner"]
        for partner in partners:
            if partner.is_company and not partner.email and partner.child_ids:
                contacts |= partner.child_ids.filtered(lambda c: c.type == "contact")
            else:
                contacts |= partner
        Invitation = self.env["customer.zone.invitation"]
        taken = Invitation._taken_logins(contacts)
        lines = []
        for contact in contacts:
            reason = Invitation._skip_reason(contact, taken)
            has_user = contact.with_context(active_test=False).user_ids
            status = "skip" if reason else ("again" if has_user else "new")
            lines.append({"partner_id": contact.id, "status": status, "reason": reason})
        return lines

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for wizard in self:
            skipped = wizard.line_ids.filtered(lambda line: line.status == "skip")
            wizard.skip_count = len(skipped)
            wizard.invite_count = len(wizard.line_ids) - len(skipped)

    def action_invite(self):
        self.ensure_one()
        invitations = self.env["customer.zone.invitation"]._invite(
            self.line_ids.partner_id, self.message
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invitations"),
            "res_model": "customer.zone.invitation",
            "view_mode": "list,form",
            "domain": [("id", "in", invitations.ids)],
            "target": "current",
        }
