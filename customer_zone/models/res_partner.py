from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# invoice types the zone governs; vendor documents are left to core rules
CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")
INVOICE_MOVE_TYPES = ("out_invoice", "out_receipt")
# quotation states a customer may see without the document being published
PUBLIC_ORDER_STATES = ("sent", "sale", "cancel")


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_access = fields.Selection(
        selection=[
            ("default", "Company default"),
            ("allowed", "Allowed"),
            ("blocked", "Blocked"),
        ],
        string="Customer Zone access",
        default="default",
        required=True,
        help="Whether this customer (and its contacts) may use the customer zone "
        "in the portal. 'Company default' follows the setting of the company.",
    )
    customer_zone_invited_on = fields.Datetime(
        string="Invited to the zone on", readonly=True, copy=False
    )
    customer_zone_first_login_on = fields.Datetime(
        string="First login to the zone", readonly=True, copy=False
    )
    customer_zone_enabled = fields.Boolean(
        string="Uses the Customer Zone",
        compute="_compute_customer_zone_enabled",
        help="The effective switch, read on the commercial partner.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_zone_access"]

    @api.depends(
        "commercial_partner_id.customer_zone_access",
        "company_id.customer_zone_default_access",
    )
    @api.depends_context("company")
    def _compute_customer_zone_enabled(self):
        for partner in self:
            access = partner.commercial_partner_id.customer_zone_access
            if access == "default":
                company = partner.company_id or self.env.company
                partner.customer_zone_enabled = company.customer_zone_default_access
            else:
                partner.customer_zone_enabled = access == "allowed"

    def action_customer_zone_invite(self):
        """Open the invitation wizard for these customers."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_zone.customer_zone_invite_wizard_action"
        )
        action["context"] = {"active_model": "res.partner", "active_ids": self.ids}
        return action

    def _customer_zone_token_models(self):
        """Models whose emailed links belong to a customer (bridges add theirs)."""
        return ["account.move", "sale.order"]

    def action_customer_zone_revoke_links(self):
        """Void every document link sent to these customers until now."""
        for partner in self.commercial_partner_id:
            count = sum(
                self.env[model]._customer_zone_revoke_tokens(partner)
                for model in self._customer_zone_token_models()
            )
            partner.message_post(
                body=self.env._(
                    "All links to documents sent to this customer were revoked "
                    "(%(count)s documents). New emails carry new links.",
                    count=count,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_customer_zone_send_signin_link(self):
        """Email each portal user of these customers a one-click sign-in link."""
        users = self._customer_zone_portal_users().filtered("active")
        if not users:
            raise UserError(self.env._("These customers have no portal user yet."))
        template = self.env.ref("customer_zone.mail_template_signin_link")
        for user in users:
            template.with_context(
                signin_url=user._customer_zone_signin_url()
            ).send_mail(user.id, force_send=False)
        return True

    def _customer_zone_portal_users(self):
        users = self.with_context(active_test=False).user_ids
        users |= self.child_ids.with_context(active_test=False).user_ids
        return users.filtered("share")

    def action_customer_zone_reset_password(self):
        """Email each portal user of these customers a password reset link."""
        users = self._customer_zone_portal_users()
        if not users:
            raise UserError(self.env._("These customers have no portal user yet."))
        users.filtered("active").action_reset_password()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "A password reset link was sent to %(users)s.",
                    users=", ".join(users.mapped("login")),
                ),
            },
        }

    def write(self, vals):
        result = super().write(vals)
        if "customer_zone_access" in vals:
            # the portal record rules read this value: recompute them now
            self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------------
    # who sees what: the one place that decides
    # ------------------------------------------------------------------
    def _customer_zone_document_domain(self, model_name):
        """Domain on ``model_name`` of what this customer may see in the zone.

        ``self`` is a commercial partner. The company conditions go through the
        document's own company, so a change of mode applies at once.
        """
        self.ensure_one()
        if self.customer_zone_access == "blocked":
            allowed = Domain.FALSE
        elif self.customer_zone_access == "allowed":
            allowed = Domain.TRUE
        else:
            allowed = Domain("company_id.customer_zone_default_access", "=", True)
        domain = allowed & self._customer_zone_mode_domain(model_name)
        if model_name == "account.move":
            # bills of a supplier who is also a customer stay as core has them
            domain |= Domain("move_type", "not in", CUSTOMER_MOVE_TYPES)
        return domain

    @api.model
    def _customer_zone_mode_domain(self, model_name):
        """What each company mode shows of ``model_name`` (bridges extend it)."""
        mode = "company_id.customer_zone_mode"
        full_account = Domain(mode, "=", "account")
        if model_name == "account.move":
            return (
                Domain("move_type", "in", INVOICE_MOVE_TYPES)
                & Domain(mode, "in", ("invoices", "account"))
            ) | (Domain("move_type", "=", "out_refund") & full_account)
        if model_name == "sale.order":
            return full_account & (
                Domain("state", "in", PUBLIC_ORDER_STATES)
                | Domain("customer_zone_published", "=", True)
            )
        if model_name == "account.payment":
            return full_account
        return Domain.FALSE
