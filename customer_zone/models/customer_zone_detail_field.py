import math

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
    # a customer may opt out of overdue reminders itself, if the business
    # lists the field as editable
    "customer_zone_reminder_opt_out",
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
# the longest text a customer may enter when the field sets no size
TEXT_LIMITS = {"char": 256, "text": 4000}
# numbers must fit PostgreSQL's integer (and stay sensible for a float)
NUMBER_LIMIT = 2**31


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

    # ------------------------------------------------------------------
    # what a customer sends from the portal form
    # ------------------------------------------------------------------
    def _parse_portal_values(self, post):
        """The values of the editable fields among these lines, read from
        the form ``post``: ``(values, errors)``, an error message per field
        name that could not be read (nothing of those is written)."""
        values, errors = {}, {}
        Partner = self.env["res.partner"]
        for line in self.filtered("editable"):
            name = line.field_id.name
            field = Partner._fields.get(name)
            if not field or not self._is_editable_field(field):
                continue  # listed before the allow-list narrowed: never written
            raw = post.get(name)
            if raw is not None and not isinstance(raw, str):
                errors[name] = self.env._("Enter text here, not a file.")
                continue
            try:
                values[name] = self._parse_portal_value(field, raw)
            except ValueError as error:
                errors[name] = str(error)
        return values, errors

    @api.model
    def _parse_portal_value(self, field, raw):
        """The value of the partner ``field`` that the form text ``raw``
        means, or ValueError with a message for the customer."""
        raw = raw.strip() if isinstance(raw, str) else raw
        if isinstance(raw, str) and "\x00" in raw:
            raise ValueError(
                self.env._("This value holds characters that are not allowed.")
            )
        if field.type == "boolean":
            return raw in ("1", "on", "true")  # an unticked box sends nothing
        if not raw:
            if field.required:
                raise ValueError(self.env._("This field is required."))
            return 0 if field.type in ("integer", "float") else False
        parse = {
            "char": self._parse_portal_text,
            "text": self._parse_portal_text,
            "selection": self._parse_portal_selection,
            "date": self._parse_portal_date,
        }.get(field.type, self._parse_portal_number)
        return parse(field, raw)

    @api.model
    def _parse_portal_text(self, field, raw):
        limit = field.size or TEXT_LIMITS[field.type]
        if len(raw) > limit:
            raise ValueError(self.env._("At most %(limit)s characters.", limit=limit))
        return raw

    @api.model
    def _parse_portal_selection(self, field, raw):
        keys = [key for key, _label in field._description_selection(self.env)]
        if raw not in keys:
            raise ValueError(self.env._("Choose one of the values offered."))
        return raw

    @api.model
    def _parse_portal_date(self, field, raw):
        try:
            return fields.Date.to_date(raw)
        except ValueError:
            raise ValueError(self.env._("Enter a date as YYYY-MM-DD.")) from None

    @api.model
    def _parse_portal_number(self, field, raw):
        try:
            number = int(raw) if field.type == "integer" else float(raw)
        except ValueError:
            raise ValueError(self.env._("Enter a number.")) from None
        if not math.isfinite(number) or abs(number) >= NUMBER_LIMIT:
            raise ValueError(self.env._("This number is out of range."))
        return number

    def _portal_selection_options(self):
        """``{field name: [(key, label)]}`` of the selection fields among
        these lines, in the customer's language, for the form's lists."""
        options = {}
        for line in self.filtered(lambda line: line.field_id.ttype == "selection"):
            field = self.env["res.partner"]._fields.get(line.field_id.name)
            if field:
                options[field.name] = field._description_selection(self.env)
        return options
