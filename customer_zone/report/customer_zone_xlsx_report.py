from datetime import datetime, time

from odoo import api, fields, models

# column widths (in characters) by field type; other types get DEFAULT_WIDTH
WIDTHS = {
    "date": 12,
    "datetime": 18,
    "monetary": 16,
    "float": 12,
    "integer": 10,
    "boolean": 10,
    "many2one": 30,
}
DEFAULT_WIDTH = 20


class CustomerZoneXlsxReport(models.AbstractModel):
    """One sheet, one row per record, one column per field: the shared
    writer of the zone's Excel exports, on OCA report_xlsx's workbook
    (xlsxwriter). Each export names its model's fields in
    ``_customer_zone_columns``; the records are the ones the list selected
    (with "select all", every record its filters find), read as the user, so
    access rights and record rules apply as in the list.

    Cells keep their type: dates and times as Excel dates (in the user's
    time zone, as Odoo's own export), amounts as numbers in their currency's
    format, counts as numbers, yes/no as booleans.
    """

    _name = "customer.zone.xlsx.report"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Zone: Excel export"

    @api.model
    def _customer_zone_columns(self):
        """The columns, in order: field names, or (field name, header) for a
        header other than the field's label."""
        raise NotImplementedError

    @api.model
    def _customer_zone_sheet_name(self):
        return self.env._("Export")

    def generate_xlsx_report(self, workbook, data, objs):
        sheet = workbook.add_worksheet(self._customer_zone_sheet_name())
        columns = []
        formats = self._customer_zone_formats(workbook)
        for col, column in enumerate(self._customer_zone_columns()):
            name, header = column if isinstance(column, tuple) else (column, None)
            field = objs._fields[name]
            columns.append(field)
            sheet.set_column(col, col, WIDTHS.get(field.type, DEFAULT_WIDTH))
            header = header or field._description_string(self.env)
            sheet.write_string(0, col, header, formats["header"])
        sheet.freeze_panes(1, 0)
        for row, record in enumerate(objs, start=1):
            for col, field in enumerate(columns):
                self._customer_zone_write_cell(
                    sheet, row, col, record, field, formats, workbook
                )
        sheet.autofilter(0, 0, max(len(objs), 1), len(columns) - 1)

    @api.model
    def _customer_zone_formats(self, workbook):
        """The cell formats, and a cache of one money format per currency."""
        return {
            "header": workbook.add_format({"bold": True, "bottom": 1}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            "currencies": {},
            "labels": {},
        }

    def _customer_zone_write_cell(self, sheet, row, col, record, field, formats, book):
        """Write ``record``'s ``field`` at (row, col), typed."""
        value = record[field.name]
        kind = field.type
        if kind == "boolean":
            sheet.write_boolean(row, col, bool(value))
        elif kind in ("integer", "float"):
            sheet.write_number(row, col, value or 0)
        elif kind == "monetary":
            currency = record[field.get_currency_field(record)]
            sheet.write_number(
                row,
                col,
                value or 0.0,
                self._customer_zone_money(book, formats, currency),
            )
        elif not value:
            sheet.write_blank(row, col, None)
        elif kind == "datetime":
            local = fields.Datetime.context_timestamp(record, value)
            sheet.write_datetime(
                row, col, local.replace(tzinfo=None), formats["datetime"]
            )
        elif kind == "date":
            sheet.write_datetime(
                row, col, datetime.combine(value, time.min), formats["date"]
            )
        elif kind == "selection":
            labels = formats["labels"].get(field.name)
            if labels is None:
                labels = dict(field._description_selection(self.env))
                formats["labels"][field.name] = labels
            sheet.write_string(row, col, str(labels.get(value, value)))
        elif kind == "many2one":
            sheet.write_string(row, col, value.display_name or "")
        else:
            sheet.write_string(row, col, str(value))

    def _customer_zone_money(self, workbook, formats, currency):
        """The number format of ``currency``: its decimals, and its symbol
        where the currency puts it. The symbol is quoted: unquoted, letters
        such as the "s" and "h" of "Ksh" are read by Excel as time codes
        (report_xlsx's ``_report_xlsx_currency_format`` leaves them bare)."""
        cache = formats["currencies"]
        if currency not in cache:
            decimals = "0" * (currency.decimal_places if currency else 2)
            number = f"#,##0.{decimals}" if decimals else "#,##0"
            symbol = (currency.symbol or "").replace('"', "")
            if not symbol:
                num_format = number
            elif currency.position == "before":
                num_format = f'"{symbol}"{number}'
            else:
                num_format = f'{number} "{symbol}"'
            cache[currency] = workbook.add_format({"num_format": num_format})
        return cache[currency]
