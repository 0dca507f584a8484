from odoo import api, fields, models
from odoo.exceptions import ValidationError

# field types a customer may see (many2one: shown, never edited)
SHOWN_TYPES = ("char", "text", "selection", "boolean", "integer", "float", "date")
READ_ONLY_TYPES = ("many2one",)
# partner fields that are the business's, never the customer's to read or edit
DENIED_FIELDS = {
    "active",
    "company_id",
    "credit",
    "credit_limit",
    "debit",
    "use_partner_credit_limit",
    "user_id",
    "user_ids",
    "signup_token",
    "signup_type",
    "barcode",
    "comment",
}
DENIED_PREFIXES = ("customer_zone_", "property_", "message_", "activity_", "signup_")


class CustomerZoneDetailField(models.Model):
    _name = "customer.zone.detail.field"
    _description = "Customer Zone: partner field shown to customers"
    _order = "company_id, sequence, id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    sequence = fields.Integer(default=10)
    field_id = fields.Many2one(
        "ir.model.fields",
        string="Field",
        required=True,
        ondelete="cascade",
        domain=[
            ("model", "=", "res.partner"),
            ("store", "=", True),
            ("ttype", "in", SHOWN_TYPES + READ_ONLY_TYPES),
        ],
    )
    field_name = fields.Char(related="field_id.name")
    editable = fields.Boolean(
        help="The customer may change the value in the zone; each change is "
        "logged in the customer's chatter."
    )

    _field_unique = models.UniqueIndex(
        "(company_id, field_id)", "A field is listed once per company."
    )

    @api.constrains("field_id", "editable")
    def _check_field(self):
        for line in self:
            field = line.field_id
            name = field.name
            if (
                field.model != "res.partner"
                or name in DENIED_FIELDS
                or name.startswith(DENIED_PREFIXES)
                or field.ttype not in SHOWN_TYPES + READ_ONLY_TYPES
            ):
                raise ValidationError(
                    self.env._(
                        "The field %(field)s cannot be shown to customers.",
                        field=field.field_description,
                    )
                )
            partner_field = self.env["res.partner"]._fields.get(name)
            if line.editable and (
                field.ttype in READ_ONLY_TYPES
                or not partner_field
                or partner_field.readonly
                or (partner_field.compute and not partner_field.inverse)
                or partner_field.related
            ):
                raise ValidationError(
                    self.env._(
                        "The field %(field)s can only be shown, not edited.",
                        field=field.field_description,
                    )
                )

    @api.model
    def _get_for_company(self, company):
        return self.sudo().search([("company_id", "=", company.id)])
