from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..models.res_partner_credit import MAX_CREDIT_LIMIT, REASON_KEY, SOURCE_KEY


class CustomerZoneCreditLimitWizard(models.TransientModel):
    """Change a customer's credit limit in the current company, with the
    suggested limit at hand and a reason that lands in the limit's history.

    The write is core's (``credit_limit``, ``use_partner_credit_limit``) made
    as the user, so core's rights on the field and the partner's record rules
    decide who may; ``res.partner.write`` records the change.
    """

    _name = "customer.zone.credit.limit.wizard"
    _description = "Customer Zone: change a credit limit"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_uses_limits = fields.Boolean(
        related="company_id.account_use_credit_limit",
        string="The company uses credit limits",
    )
    current_limit = fields.Monetary(
        string="Current limit",
        currency_field="currency_id",
        compute="_compute_current_limit",
    )
    invoiced = fields.Monetary(
        string="Invoiced over 12 months",
        currency_field="currency_id",
        compute="_compute_suggestion",
        help="Posted invoices of the last 12 months net of credit notes.",
    )
    suggested_limit = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_suggestion",
    )
    suggestion_note = fields.Char(
        string="How it is computed",
        compute="_compute_suggestion",
    )
    new_limit = fields.Monetary(
        string="New limit",
        currency_field="currency_id",
        compute="_compute_new_limit",
        store=True,
        readonly=False,
    )
    lowering = fields.Boolean(compute="_compute_lowering")
    reason = fields.Text(
        help="Why the limit changes: kept in the limit's history. Required when "
        "the limit is lowered (orders may then be refused).",
    )

    @api.model
    def default_get(self, fields_list):
        """The customer from the form the wizard opens on (its commercial
        partner: the limit is a commercial field)."""
        values = super().default_get(fields_list)
        context = self.env.context
        partner_id = values.get("partner_id")
        if not partner_id and context.get("active_model") == "res.partner":
            partner_id = context.get("active_id")
        if partner_id:
            partner = self.env["res.partner"].browse(partner_id).exists()
            values["partner_id"] = partner.commercial_partner_id.id
        return values

    @api.depends("partner_id", "company_id")
    def _compute_current_limit(self):
        for wizard in self:
            partner = wizard.partner_id.with_company(wizard.company_id)
            wizard.current_limit = partner.credit_limit or 0.0

    @api.depends("partner_id", "company_id")
    def _compute_suggestion(self):
        """The partner's suggestion (``_customer_zone_suggested_credit_limits``),
        and the arithmetic behind it in words."""
        for wizard in self:
            company = wizard.company_id
            suggestion = wizard.partner_id._customer_zone_suggested_credit_limits(
                company
            ).get(wizard.partner_id.id)
            if not suggestion:
                wizard.invoiced = wizard.suggested_limit = 0.0
                wizard.suggestion_note = False
                continue
            wizard.invoiced = suggestion["invoiced"]
            wizard.suggested_limit = suggestion["suggested"]
            wizard.suggestion_note = self.env._(
                "Invoiced over the last 12 months %(invoiced)s, %(monthly)s a "
                "month on average × %(factor)s (Settings) = %(product)s, "
                "rounded up to the next 100.",
                invoiced=format_amount(
                    self.env, suggestion["invoiced"], company.currency_id
                ),
                monthly=format_amount(
                    self.env, suggestion["monthly"], company.currency_id
                ),
                factor=f"{suggestion['factor']:g}",
                product=format_amount(
                    self.env,
                    suggestion["monthly"] * suggestion["factor"],
                    company.currency_id,
                ),
            )

    @api.depends("current_limit")
    def _compute_new_limit(self):
        """The current limit until the user types another."""
        for wizard in self:
            wizard.new_limit = wizard.current_limit

    @api.depends("new_limit", "current_limit")
    def _compute_lowering(self):
        for wizard in self:
            wizard.lowering = (
                wizard.currency_id.compare_amounts(
                    wizard.new_limit, wizard.current_limit
                )
                < 0
            )

    @api.constrains("new_limit")
    def _check_new_limit(self):
        """The partner's write refuses it too; said here first, on the
        wizard's own field."""
        for wizard in self:
            if not 0 <= wizard.new_limit <= MAX_CREDIT_LIMIT:
                raise ValidationError(
                    self.env._(
                        "A credit limit must be zero or more and at most "
                        "%(max)s; %(value)s was refused.",
                        max=f"{MAX_CREDIT_LIMIT:,.0f}",
                        value=wizard.new_limit,
                    )
                )

    def _reopen(self):
        """This wizard again (after a button that only fills it)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change credit limit"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_apply_suggested(self):
        """Put the suggested limit in the new limit; the user still saves."""
        self.ensure_one()
        self.new_limit = self.suggested_limit
        return self._reopen()

    def action_save(self):
        """Write core's limit (and tick the partner's own limit, so that core
        uses it) in the wizard's company, with the reason in the context."""
        self.ensure_one()
        if self.lowering and not (self.reason or "").strip():
            raise UserError(
                self.env._(
                    "Say why the limit is lowered: the reason is kept in the "
                    "customer's limit history."
                )
            )
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        partner.with_context(
            **{REASON_KEY: (self.reason or "").strip(), SOURCE_KEY: "wizard"}
        ).write({"credit_limit": self.new_limit, "use_partner_credit_limit": True})
        return {"type": "ir.actions.act_window_close"}
