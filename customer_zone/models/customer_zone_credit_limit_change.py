from odoo import api, fields, models

# where a change of credit limit was made
LIMIT_CHANGE_SOURCES = [
    ("form", "Customer form"),
    ("wizard", "Change limit wizard"),
    ("import", "Import"),
]


class CustomerZoneCreditLimitChange(models.Model):
    """One row per change of a customer's credit limit in one company: the
    history core does not keep (``credit_limit`` is not tracked).

    Append-only: rows are created in sudo by ``res.partner.write`` (and
    ``create``) only, read by billing users and the accounting read-only group;
    only administrators may correct or delete them (access rights).
    """

    _name = "customer.zone.credit.limit.change"
    _description = "Customer Zone: credit limit change"
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"

    _partner_date_idx = models.Index("(partner_id, create_date DESC)")
    _company_date_idx = models.Index("(company_id, create_date DESC)")

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The commercial partner whose credit limit changed.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        ondelete="cascade",
        help="The company in which the limit changed (a credit limit is per company).",
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
        store=True,
        string="Currency",
    )
    old_limit = fields.Monetary(
        string="Old limit", currency_field="currency_id", readonly=True
    )
    new_limit = fields.Monetary(
        string="New limit", currency_field="currency_id", readonly=True
    )
    difference = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_difference",
        store=True,
        help="New limit less old limit: positive when the limit was raised.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Changed by",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    reason = fields.Text(
        readonly=True,
        help="Why the limit changed, as typed in the Change limit wizard; "
        "empty when the limit was changed on the customer form.",
    )
    source = fields.Selection(
        LIMIT_CHANGE_SOURCES,
        required=True,
        readonly=True,
        default="form",
    )

    @api.depends("old_limit", "new_limit")
    def _compute_difference(self):
        """Stored so that the report sums raises and cuts by period."""
        for change in self:
            change.difference = change.new_limit - change.old_limit
