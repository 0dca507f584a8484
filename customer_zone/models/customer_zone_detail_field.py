from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The partner fields a business may show in "My details", and the fewer a
# customer may change. An allow-list: a field added to res.partner by any
# module (credit, fiscal, EDI routing, warnings ...) is not offered unless it
# is named here.
EDITABLE_FIELDS = (
    "email",
    "phone",
    "website",
    "street",
    "street2",
    "city",
    "zip",
    "function",
    "lang",
)
SHOWN_FIELDS = EDITABLE_FIELDS + (
    "name",
    "ref",
    "vat",
    "company_registry",
    "state_id",
    "country_id",
    "industry_id",
)
EDITABLE_TYPES = ("char", "text", "selection", "boolean", "integer", "float", "date")
SHOWN_TYPES = EDITABLE_TYPES + ("many2one",)


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
            ("name", "in", SHOWN_FIELDS),
            ("ttype", "in", SHOWN_TYPES),
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
            partner_field = self.env["res.partner"]._fields.get(field.name)
            if (
                field.model != "res.partner"
                or field.name not in SHOWN_FIELDS
                or field.ttype not in SHOWN_TYPES
                or not partner_field
                or not partner_field.store
            ):
                raise ValidationError(
                    self.env._(
                        "The field %(field)s cannot be shown to customers.",
                        field=field.field_description,
                    )
                )
            if line.editable and not line._is_editable_field(partner_field):
                raise ValidationError(
                    self.env._(
                        "The field %(field)s can only be shown, not edited.",
                        field=field.field_description,
                    )
                )

    @api.model
    def _is_editable_field(self, partner_field):
        return (
            partner_field.name in EDITABLE_FIELDS
            and partner_field.type in EDITABLE_TYPES
            and partner_field.store
            and not partner_field.readonly
            and not partner_field.related
            and not (partner_field.compute and not partner_field.inverse)
        )

    @api.model
    def _get_for_company(self, company):
        """The lines a customer sees: rows listed before the allow-list
        narrowed (a field no longer on it) are ignored."""
        return self.sudo().search(
            [("company_id", "=", company.id), ("field_id.name", "in", SHOWN_FIELDS)]
        )
