import io
from datetime import date

from werkzeug.datastructures import FileStorage

from odoo.tests import tagged

from .common import CustomerZoneCommon

REQUIRED = "This field is required."
NOT_ALLOWED = "characters that are not allowed"
TOO_LONG = "At most"
NOT_OFFERED = "Choose one of the values offered."
NOT_A_DATE = "Enter a date as YYYY-MM-DD."
NOT_A_NUMBER = "Enter a number."
OUT_OF_RANGE = "This number is out of range."
NOT_A_FILE = "Enter text here, not a file."


@tagged("post_install", "-at_install")
class TestDetailFieldValues(CustomerZoneCommon):
    """What a customer types in "My details", read into a field's value or
    refused with a message (``customer.zone.detail.field``), without HTTP."""

    # (model, field, what the customer typed, value or error message)
    ROWS = (
        ("res.partner", "customer_zone_access", "", ValueError(REQUIRED)),
        ("res.partner", "customer_zone_access", "   ", ValueError(REQUIRED)),
        ("res.partner", "customer_zone_access", None, ValueError(REQUIRED)),
        ("res.partner", "is_company", "on", True),
        ("res.partner", "is_company", "1", True),
        ("res.partner", "is_company", "true", True),
        ("res.partner", "is_company", "yes", False),
        ("res.partner", "is_company", "", False),
        ("res.partner", "is_company", None, False),
        ("res.partner", "phone", "  +1 555 0001  ", "+1 555 0001"),
        ("res.partner", "phone", "", False),
        ("res.partner", "phone", "9" * 256, "9" * 256),
        ("res.partner", "phone", "9" * 257, ValueError(f"{TOO_LONG} 256 characters")),
        ("res.partner", "sale_warn_msg", "x" * 4000, "x" * 4000),
        ("res.partner", "sale_warn_msg", "x" * 4001, ValueError(f"{TOO_LONG} 4000")),
        ("res.partner", "customer_zone_access", "allowed", "allowed"),
        ("res.partner", "customer_zone_access", "Allowed", ValueError(NOT_OFFERED)),
        ("res.partner", "customer_zone_access", "root", ValueError(NOT_OFFERED)),
        ("account.move", "invoice_date", "2026-02-28", date(2026, 2, 28)),
        ("account.move", "invoice_date", "2026-02-30", ValueError(NOT_A_DATE)),
        ("account.move", "invoice_date", "28/02/2026", ValueError(NOT_A_DATE)),
        ("account.move", "invoice_date", "", False),
        ("res.partner", "color", "42", 42),
        ("res.partner", "color", "-7", -7),
        ("res.partner", "color", "", 0),
        ("res.partner", "color", "4.2", ValueError(NOT_A_NUMBER)),
        ("res.partner", "color", "forty", ValueError(NOT_A_NUMBER)),
        ("res.partner", "color", "2147483647", 2147483647),
        ("res.partner", "color", "2147483648", ValueError(OUT_OF_RANGE)),
        ("res.partner", "color", "-2147483648", ValueError(OUT_OF_RANGE)),
        ("res.partner", "color", "9" * 20, ValueError(OUT_OF_RANGE)),
        ("res.partner", "partner_latitude", "50.85", 50.85),
        ("res.partner", "partner_latitude", "", 0),
        ("res.partner", "partner_latitude", "north", ValueError(NOT_A_NUMBER)),
        ("res.partner", "partner_latitude", "nan", ValueError(OUT_OF_RANGE)),
        ("res.partner", "partner_latitude", "inf", ValueError(OUT_OF_RANGE)),
        ("res.partner", "partner_latitude", "-Infinity", ValueError(OUT_OF_RANGE)),
        ("res.partner", "partner_latitude", "1e308", ValueError(OUT_OF_RANGE)),
        ("res.partner", "partner_latitude", "1e309", ValueError(OUT_OF_RANGE)),
        ("res.partner", "phone", "+1\x00555", ValueError(NOT_ALLOWED)),
        ("res.partner", "sale_warn_msg", "\x00", ValueError(NOT_ALLOWED)),
        ("res.partner", "color", "4\x002", ValueError(NOT_ALLOWED)),
    )

    def test_parse_portal_value(self):
        Detail = self.env["customer.zone.detail.field"]
        for model, name, raw, expected in self.ROWS:
            field = self.env[model]._fields[name]
            with self.subTest(field=name, raw=repr(raw)[:30]):
                if isinstance(expected, ValueError):
                    with self.assertRaises(ValueError) as caught:
                        Detail._parse_portal_value(field, raw)
                    self.assertIn(str(expected), str(caught.exception))
                else:
                    value = Detail._parse_portal_value(field, raw)
                    self.assertEqual(value, expected)
                    self.assertIs(type(value), type(expected))

    # ------------------------------------------------------------------
    # a whole form: the company's lines read what was posted
    # ------------------------------------------------------------------
    def _lines(self):
        Detail = self.env["customer.zone.detail.field"]
        field = self.env["ir.model.fields"]._get
        Detail.search([("company_id", "=", self.company.id)]).unlink()
        Detail.create(
            [
                {"field_id": field("res.partner", "ref").id},
                {"field_id": field("res.partner", "phone").id, "editable": True},
                {"field_id": field("res.partner", "website").id, "editable": True},
            ]
        )
        return Detail._get_for_company(self.company)

    def test_parse_portal_values_reads_the_editable_fields_only(self):
        values, errors = self._lines()._parse_portal_values(
            {
                "phone": " +1 555 0002 ",
                "website": "",
                "ref": "HACKED",  # listed, shown read-only
                "credit_limit": "1e9",  # not listed
                "customer_zone_access": "allowed",  # not listed
            }
        )
        self.assertEqual(errors, {})
        self.assertEqual(values, {"phone": "+1 555 0002", "website": False})

    def test_parse_portal_values_refuses_a_file(self):
        upload = FileStorage(io.BytesIO(b"+1 555 0003"), filename="phone.txt")
        values, errors = self._lines()._parse_portal_values(
            {"phone": upload, "website": "alpha.test"}
        )
        self.assertEqual(errors, {"phone": NOT_A_FILE})
        self.assertEqual(values, {"website": "alpha.test"})

    def test_parse_portal_values_gives_one_message_per_field(self):
        values, errors = self._lines()._parse_portal_values(
            {"phone": "9" * 300, "website": "bad\x00site"}
        )
        self.assertEqual(set(errors), {"phone", "website"})
        self.assertIn(TOO_LONG, errors["phone"])
        self.assertIn(NOT_ALLOWED, errors["website"])
        self.assertEqual(values, {})

    def test_a_field_left_out_of_the_form_reads_as_empty(self):
        # a field left out of the form reads as empty, as a browser sends it
        values, errors = self._lines()._parse_portal_values({})
        self.assertEqual(errors, {})
        self.assertEqual(values, {"phone": False, "website": False})
