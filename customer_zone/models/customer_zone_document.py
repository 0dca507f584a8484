from odoo import api, fields, models
from odoo.tools import SQL

from ..const import CUSTOMER_MOVE_TYPES, PUBLIC_ORDER_STATES

DOCUMENT_TYPES = [
    ("invoice", "Invoice"),
    ("credit_note", "Credit note"),
    ("quotation", "Quotation"),
    ("order", "Sales order"),
]
DOCUMENT_STATES = [
    ("posted", "Posted"),
    ("draft", "Quotation (published)"),
    ("sent", "Quotation sent"),
    ("sale", "Sales order"),
    ("cancel", "Cancelled"),
]
PAYMENT_STATES = [
    ("not_paid", "Not paid"),
    ("partial", "Partially paid"),
    ("paid", "Paid"),
    ("reversed", "Reversed"),
]


class CustomerZoneDocument(models.Model):
    """The documents register: one row per document the zone publishes, an
    invoice, a credit note (posted) or a quotation or order (in a public
    state, or published), with what the customer did with it.

    A SQL view (no table, nothing to keep in step): the documents come from
    their own tables, the views from ``customer.zone.view.event``, read per
    document by correlated sub-queries on its (res_model, res_id,
    create_date) index. Sub-queries rather than a LATERAL join: PostgreSQL
    evaluates the expressions of the select list after the sort and the
    limit of a page (``make_sort_input_target``), so a list of 80 rows reads
    the events of 80 documents, whatever the number of events; a count or a
    group by that does not ask for them does not read them at all.

    "Shown in the zone" states, in SQL, the conditions of
    ``res.partner._customer_zone_document_domain`` (the zone's record
    rules): the customer's switch (or its company's default) and the
    company's mode showing that type of document. A document of a company
    whose zone is off, or of a blocked customer, stays in the register with
    it off: the accountant sees what the zone would publish.
    """

    _name = "customer.zone.document"
    _description = "Customer Zone: documents register"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "name"
    # what the view reads: pending writes on them are flushed before a search
    _depends = {
        "account.move": [
            "name",
            "move_type",
            "state",
            "commercial_partner_id",
            "company_id",
            "invoice_date",
            "date",
            "currency_id",
            "amount_total",
            "payment_state",
            "is_move_sent",
        ],
        "sale.order": [
            "name",
            "state",
            "customer_zone_published",
            "partner_id",
            "company_id",
            "date_order",
            "currency_id",
            "amount_total",
        ],
        "res.partner": ["commercial_partner_id", "customer_zone_access"],
        "res.company": ["customer_zone_mode", "customer_zone_default_access"],
        "customer.zone.view.event": ["res_model", "res_id", "create_date"],
    }

    name = fields.Char(string="Document", readonly=True)
    res_model = fields.Char(string="Document model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document id", model_field="res_model", readonly=True
    )
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    document_type = fields.Selection(DOCUMENT_TYPES, string="Type", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(
        string="Total", currency_field="currency_id", readonly=True
    )
    state = fields.Selection(DOCUMENT_STATES, readonly=True)
    payment_state = fields.Selection(
        PAYMENT_STATES,
        string="Payment",
        readonly=True,
        help="Invoices and credit notes: whether they are paid. In payment "
        "counts as paid.",
    )
    link_sent = fields.Boolean(
        string="Link sent",
        readonly=True,
        help="Invoices: sent or printed (Odoo's 'Sent'). Quotations and "
        "orders: sent, confirmed, or emailed to the customer.",
    )
    shown_in_zone = fields.Boolean(
        string="Shown in the zone",
        readonly=True,
        help="Whether the customer sees it now: the company's zone mode shows "
        "this type of document and the customer may use the zone (the "
        "conditions of the zone's record rules).",
    )
    viewed = fields.Boolean(readonly=True)
    first_viewed = fields.Datetime(
        string="First viewed", readonly=True, aggregator="min"
    )
    last_viewed = fields.Datetime(string="Last viewed", readonly=True, aggregator="max")
    view_count = fields.Integer(string="Views", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT doc.*,
                   EXISTS (%(events)s) AS viewed,
                   (SELECT MIN(event.create_date) %(from_events)s) AS first_viewed,
                   (SELECT MAX(event.create_date) %(from_events)s) AS last_viewed,
                   (SELECT COUNT(*) %(from_events)s) AS view_count
              FROM (%(moves)s UNION ALL %(orders)s) AS doc
            """,
            events=SQL("SELECT 1 %s", self._from_events()),
            from_events=self._from_events(),
            moves=self._moves_query(),
            orders=self._orders_query(),
        )

    @api.model
    def _from_events(self):
        """The view events of the row's document (on their index)."""
        return SQL(
            """FROM customer_zone_view_event AS event
                WHERE event.res_model = doc.res_model
                  AND event.res_id = doc.res_id"""
        )

    @api.model
    def _moves_query(self):
        """Posted customer invoices, receipts and credit notes."""
        return SQL(
            """
            SELECT move.id * 2 AS id,
                   move.name,
                   'account.move'::varchar AS res_model,
                   move.id AS res_id,
                   move.id AS move_id,
                   NULL::int4 AS order_id,
                   CASE WHEN move.move_type = 'out_refund' THEN 'credit_note'
                        ELSE 'invoice' END::varchar AS document_type,
                   move.commercial_partner_id AS partner_id,
                   move.company_id,
                   COALESCE(move.invoice_date, move.date) AS date,
                   move.currency_id,
                   move.amount_total AS amount,
                   move.state::varchar AS state,
                   CASE WHEN move.payment_state IN ('paid', 'in_payment') THEN 'paid'
                        WHEN move.payment_state IN ('partial', 'reversed')
                             THEN move.payment_state
                        ELSE 'not_paid' END::varchar AS payment_state,
                   COALESCE(move.is_move_sent, FALSE) AS link_sent,
                   %(shown)s AS shown_in_zone
              FROM account_move AS move
              JOIN res_partner AS customer ON customer.id = move.commercial_partner_id
              JOIN res_company AS company ON company.id = move.company_id
             WHERE move.state = 'posted'
               AND move.move_type IN %(move_types)s
            """,
            move_types=CUSTOMER_MOVE_TYPES,
            shown=SQL(
                "(%s AND CASE WHEN move.move_type = 'out_refund' THEN %s ELSE %s END)",
                self._customer_allowed(),
                self._company_showing("credit_notes"),
                self._company_showing("invoices"),
            ),
        )

    @api.model
    def _orders_query(self):
        """Quotations and orders in a public state, or published."""
        return SQL(
            """
            SELECT sale.id * 2 + 1 AS id,
                   sale.name,
                   'sale.order'::varchar AS res_model,
                   sale.id AS res_id,
                   NULL::int4 AS move_id,
                   sale.id AS order_id,
                   CASE WHEN sale.state = 'sale' THEN 'order'
                        ELSE 'quotation' END::varchar AS document_type,
                   contact.commercial_partner_id AS partner_id,
                   sale.company_id,
                   sale.date_order::date AS date,
                   sale.currency_id,
                   sale.amount_total AS amount,
                   sale.state::varchar AS state,
                   NULL::varchar AS payment_state,
                   (sale.state IN ('sent', 'sale') OR %(emailed)s) AS link_sent,
                   (%(allowed)s AND %(showing)s) AS shown_in_zone
              FROM sale_order AS sale
              JOIN res_partner AS contact ON contact.id = sale.partner_id
              JOIN res_partner AS customer
                ON customer.id = contact.commercial_partner_id
              JOIN res_company AS company ON company.id = sale.company_id
             WHERE sale.state IN %(public_states)s
                OR sale.customer_zone_published
            """,
            public_states=PUBLIC_ORDER_STATES,
            emailed=self._order_emailed(),
            allowed=self._customer_allowed(),
            showing=self._company_showing("quotes"),
        )

    @api.model
    def _order_emailed(self):
        """A message of the order sent to someone, not an internal note (a
        cancelled quotation was maybe emailed before; a published one maybe
        by hand)."""
        return SQL(
            """EXISTS (
                SELECT 1
                  FROM mail_message AS message
                  JOIN mail_message_subtype AS subtype
                    ON subtype.id = message.subtype_id AND NOT subtype.internal
                 WHERE message.model = 'sale.order'
                   AND message.res_id = sale.id
                   AND message.message_type IN ('email', 'email_outgoing', 'comment')
                   AND EXISTS (SELECT 1 FROM mail_message_res_partner_rel AS recipient
                                WHERE recipient.mail_message_id = message.id))"""
        )

    @api.model
    def _customer_allowed(self):
        """The customer may use the zone: SQL of the first half of
        ``res.partner._customer_zone_document_domain`` (its access switch,
        or the default of the document's company), on the aliases
        ``customer`` (commercial partner) and ``company``."""
        return SQL(
            """CASE customer.customer_zone_access
                    WHEN 'allowed' THEN TRUE
                    WHEN 'blocked' THEN FALSE
                    ELSE COALESCE(company.customer_zone_default_access, FALSE) END"""
        )

    @api.model
    def _company_showing(self, page):
        """The document's company shows ``page``: SQL of
        ``res.partner._customer_zone_company_showing`` (the modes come from
        the same table, which bridges extend)."""
        modes = self.env["res.company"]._customer_zone_modes_showing(page)
        if not modes:
            return SQL("FALSE")
        return SQL("company.customer_zone_mode IN %s", tuple(modes))

    def action_open_document(self):
        """Open the invoice, credit note, quotation or order of this row."""
        self.ensure_one()
        document = self.env[self.res_model].browse(self.res_id)
        return document.get_formview_action()
