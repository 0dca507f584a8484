"""The account summary of a customer, kept between visits.

/my/home shows a customer's account summary: its balance, what is overdue,
its credit, the last invoice and payment, what each "Pay" button pays. For a
customer with thousands of open items that is one statement of ~12 ms and
~10 ms of building it, at every visit, where core's whole home page costs
~20 ms. So the summary's row is kept here, one per customer, company and
the pages that change its figures, and a visit reads it with one small query
while it is *fresh*; when it is not, the visit computes the summary live (as
before) and, once the page is rendered, keeps the new row in a transaction
of its own on the primary database (the page's may be a read-only one on a
replica: its GET writes nothing). That visit pays the live summary and its
keeping (the statement once more); the next ones read the row.

Fresh means nothing the row was computed from has changed since:

- **Documents of the customer** (journal items, invoices, payments, sales
  orders and their lines; the bridges add tickets and tasks): PostgreSQL
  triggers, one statement-level trigger per table and operation, note each
  partner and company a statement touched in ``customer_zone_summary_change``
  (one row per partner, company and transaction). The refresh deletes the
  rows its snapshot of the database saw, in the statement that computes the
  row: a row left means a change the stored figures do not include, whatever
  the order in which transactions commit. Triggers see every write, the
  ORM's (recomputed residuals included) and plain SQL's, at no query of the
  writer's.
- **Tables without a customer** (receivable accounts, payment terms, the
  products' invoicing policy, the defaults of company-dependent fields; the
  bridges add ticket stages and which projects are shown): a statement on
  them adds a row to ``customer_zone_summary_generation``; the row stores how
  many there were and the first (a prune starts them over).
- **The customer and its contacts, the company** (credit limit, payment
  terms, prepaid, the zone's settings, who belongs to the family): the row
  stores the versions of their rows (``ctid`` and ``xmin``: an update moves
  a row, within one transaction too), compared as a whole.
- **The date**: what is overdue changes when a due date passes; the row
  holds for the days between the last due date before the day it was computed
  and the next one (``valid_from``, ``valid_to``), in the viewer's time zone.

The row is the live statement's own output (``to_jsonb``), so the two paths
cannot disagree; it holds the payment terms' name in every language, and
the page shows the viewer's.
"""

import logging
from typing import NamedTuple

from odoo import api, fields, models
from odoo.http import request
from odoo.tools import SQL

from ..tools.after_page import write_after_page

_logger = logging.getLogger(__name__)

CHANGE_TABLE = "customer_zone_summary_change"
GENERATION_TABLE = "customer_zone_summary_generation"
# the summary to keep once the current page is rendered
PENDING_ATTRIBUTE = "_customer_zone_summary_refresh"
# the columns of the summary's row that are dates (JSON has none)
DATE_COLUMNS = ("invoice_date", "payment_date")
# the generations a prune lets pile up before it starts them over
MAX_GENERATIONS = 1000


class GlobalSource(NamedTuple):
    """A table without a customer that the summary reads: which updates
    count (``columns``, any when empty) and whether inserts do."""

    columns: tuple = ()
    insert: bool = False


class CustomerZoneSummarySnapshot(models.Model):
    _name = "customer.zone.summary.snapshot"
    _description = "Customer Zone: account summary kept between visits"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    variant = fields.Char(
        required=True,
        readonly=True,
        help="The pages the zone showed (they decide the summary's figures).",
    )
    stamp = fields.Char(
        readonly=True,
        help="The customer's partners, its company and the tables without a "
        "customer, as they were when the row was computed.",
    )
    valid_from = fields.Date(readonly=True)
    valid_to = fields.Date(readonly=True)
    summary = fields.Json(readonly=True)
    computed_at = fields.Datetime(readonly=True)

    _one_per_zone = models.Constraint(
        "UNIQUE (partner_id, company_id, variant)",
        "One summary per customer, company and pages.",
    )

    # ------------------------------------------------------------------
    # what the summary is computed from
    # ------------------------------------------------------------------
    @api.model
    def _customer_zone_sources(self):
        """``{table: (company column or None, partners...)}``: the tables of
        a customer's documents the summary reads. A change of a row notes its
        partners (before and after) in its company, or in every company when
        it has none. A partner is a column of the row, or ``(column, table,
        partner column)``: the partner of the row it refers to. Bridges add
        theirs."""
        return {
            "account_move_line": ("company_id", "partner_id"),
            "account_move": ("company_id", "partner_id", "commercial_partner_id"),
            "account_payment": ("company_id", "partner_id"),
            "sale_order": ("company_id", "partner_id", "partner_invoice_id"),
            # an order's credit is its invoicing partner's
            "sale_order_line": (
                "company_id",
                "order_partner_id",
                ("order_id", "sale_order", "partner_invoice_id"),
            ),
        }

    @api.model
    def _customer_zone_global_sources(self):
        """``{table: GlobalSource}``: tables without a customer the summary
        reads. A statement that deletes rows, updates the source's columns
        (any column when it names none) or, for a source that says so,
        inserts rows counts a generation. (Most new rows change no customer's
        figures until a document uses them, and that document is noted.)
        Bridges add theirs."""
        return {
            # which accounts are receivable
            "account_account": GlobalSource(("account_type",)),
            # the name of the customer's payment terms
            "account_payment_term": GlobalSource(),
            # what an order not invoiced still owes
            "product_template": GlobalSource(("invoice_policy",)),
            "product_product": GlobalSource(("product_tmpl_id",)),
            # the defaults of company-dependent fields (a customer's credit
            # limit or payment terms when it has none of its own)
            "ir_default": GlobalSource(insert=True),
        }

    def init(self):
        """The change tables and their triggers (bridges that add sources or
        columns to the summary inherit this model: Odoo calls ``init`` again
        when they install or upgrade)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %(change)s (
                       partner_id int4 NOT NULL,
                       company_id int4 NOT NULL,
                       xact xid8 NOT NULL DEFAULT pg_current_xact_id(),
                       noted_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
                       PRIMARY KEY (partner_id, company_id, xact));
                   CREATE TABLE IF NOT EXISTS %(generation)s (
                       id bigserial PRIMARY KEY,
                       source varchar NOT NULL,
                       noted_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'));
                   CREATE OR REPLACE FUNCTION customer_zone_summary_generation()
                       RETURNS trigger LANGUAGE plpgsql AS $body$
                   BEGIN
                       INSERT INTO %(generation)s (source) VALUES (TG_TABLE_NAME);
                       RETURN NULL;
                   END $body$;""",
                change=SQL.identifier(CHANGE_TABLE),
                generation=SQL.identifier(GENERATION_TABLE),
            )
        )
        sources = self._customer_zone_sources()
        global_sources = self._customer_zone_global_sources()
        # triggers on tables the summary no longer reads (an older version's)
        cr.execute(
            SQL(
                """SELECT trigger.tgrelid::regclass::text, trigger.tgname
                     FROM pg_trigger AS trigger
                    WHERE NOT trigger.tgisinternal
                      AND trigger.tgname LIKE 'customer\\_zone\\_summary\\_%%'
                      AND trigger.tgrelid::regclass::text NOT IN %s""",
                tuple(sources) + tuple(global_sources),
            )
        )
        for table, name in cr.fetchall():
            cr.execute(SQL("DROP TRIGGER %s ON %s", SQL.identifier(name), SQL(table)))
        for table, columns in sources.items():
            self._customer_zone_install_change_triggers(table, *columns)
        for table, source in global_sources.items():
            self._customer_zone_install_generation_trigger(table, source)
        # an install or upgrade may change what the summary's row holds: the
        # kept rows are of the code before
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))

    def _customer_zone_table_exists(self, table):
        self.env.cr.execute(SQL("SELECT to_regclass(%s) IS NOT NULL", table))
        return self.env.cr.fetchone()[0]

    def _customer_zone_install_change_triggers(self, table, company, *partners):
        """Triggers on ``table`` noting the partners of the rows each
        statement inserts, updates (before and after) or deletes."""
        if not self._customer_zone_table_exists(table):
            return
        function = SQL.identifier(f"customer_zone_summary_{table}_changed")

        def of_company(rows):
            if company:
                return SQL.identifier(rows, company)
            return SQL("NULL::int4")

        def touched_by(rows, partner):
            if isinstance(partner, str):
                return SQL(
                    "SELECT %s, %s FROM %s WHERE %s IS NOT NULL",
                    SQL.identifier(rows, partner),
                    of_company(rows),
                    SQL.identifier(rows),
                    SQL.identifier(rows, partner),
                )
            column, ref_table, ref_partner = partner
            return SQL(
                """SELECT ref.%s, %s FROM %s
                     JOIN %s AS ref ON ref.id = %s
                    WHERE ref.%s IS NOT NULL""",
                SQL.identifier(ref_partner),
                of_company(rows),
                SQL.identifier(rows),
                SQL.identifier(ref_table),
                SQL.identifier(rows, column),
                SQL.identifier(ref_partner),
            )

        def touched(rows):
            return SQL(" UNION ").join(
                touched_by(rows, partner) for partner in partners
            )

        def note(rows):
            return SQL(
                """INSERT INTO %s (partner_id, company_id)
                   SELECT DISTINCT touched.partner_id,
                          COALESCE(touched.company_id, company.id)
                     FROM (%s) AS touched(partner_id, company_id)
                LEFT JOIN res_company AS company ON touched.company_id IS NULL
                    WHERE COALESCE(touched.company_id, company.id) IS NOT NULL
                       ON CONFLICT DO NOTHING;""",
                SQL.identifier(CHANGE_TABLE),
                touched(rows),
            )

        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE FUNCTION %(function)s()
                       RETURNS trigger LANGUAGE plpgsql AS $body$
                   BEGIN
                       IF TG_OP IN ('INSERT', 'UPDATE') THEN %(new)s END IF;
                       IF TG_OP IN ('UPDATE', 'DELETE') THEN %(old)s END IF;
                       RETURN NULL;
                   END $body$;""",
                function=function,
                new=note("customer_zone_new_rows"),
                old=note("customer_zone_old_rows"),
            )
        )
        for operation, referencing in (
            ("INSERT", "NEW TABLE AS customer_zone_new_rows"),
            (
                "UPDATE",
                "OLD TABLE AS customer_zone_old_rows "
                "NEW TABLE AS customer_zone_new_rows",
            ),
            ("DELETE", "OLD TABLE AS customer_zone_old_rows"),
        ):
            trigger = SQL.identifier(f"customer_zone_summary_{operation.lower()}")
            # (no CREATE OR REPLACE TRIGGER: PostgreSQL 13, which Odoo 19
            # supports, has none)
            self.env.cr.execute(
                SQL(
                    """DROP TRIGGER IF EXISTS %s ON %s;
                       CREATE TRIGGER %s AFTER %s ON %s
                       REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %s()""",
                    trigger,
                    SQL.identifier(table),
                    trigger,
                    SQL(operation),
                    SQL.identifier(table),
                    SQL(referencing),
                    function,
                )
            )

    def _customer_zone_install_generation_trigger(self, table, source):
        """A trigger on ``table`` counting a generation at each statement
        that deletes rows or updates the ``source``'s columns (or inserts,
        when it says so)."""
        if not self._customer_zone_table_exists(table):
            return
        events = [SQL("DELETE"), SQL("UPDATE")]
        if source.columns:
            events[1] = SQL(
                "UPDATE OF %s",
                SQL(", ").join(SQL.identifier(column) for column in source.columns),
            )
        if source.insert:
            events.append(SQL("INSERT"))
        self.env.cr.execute(
            SQL(
                """DROP TRIGGER IF EXISTS customer_zone_summary_generation ON %s;
                   CREATE TRIGGER customer_zone_summary_generation
                   AFTER %s ON %s
                   FOR EACH STATEMENT EXECUTE FUNCTION
                   customer_zone_summary_generation()""",
                SQL.identifier(table),
                SQL(" OR ").join(events),
                SQL.identifier(table),
            )
        )

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------
    @api.model
    def _customer_zone_family_sql(self, partner):
        """SQL: the ids of ``partner`` (a commercial partner) and its
        contacts, archived ones too."""
        return SQL(
            "SELECT member.id FROM res_partner AS member"
            " WHERE member.commercial_partner_id = %s",
            partner.id,
        )

    @api.model
    def _customer_zone_stamp_sql(self, partner, company):
        """SQL of the stamp: the row versions of the customer's partners and
        of its company, and the generations of the tables without a customer
        (how many, and the first: the prune starts them over with higher
        ids). A row's version is where it is and which transaction wrote
        it (``ctid``, ``xmin``): every update moves a row, within one
        transaction too, where a write date is the transaction's start."""
        return SQL(
            """md5(concat_ws('|',
                   (SELECT string_agg(concat_ws(':', member.id, member.ctid,
                                                member.xmin), ','
                                      ORDER BY member.id)
                      FROM res_partner AS member
                     WHERE member.commercial_partner_id = %(partner)s),
                   (SELECT concat_ws(':', company.ctid, company.xmin)
                      FROM res_company AS company
                     WHERE company.id = %(company)s),
                   (SELECT concat_ws(':', COUNT(*), MIN(generation.id))
                      FROM %(generation)s AS generation)))""",
            partner=partner.id,
            company=company.id,
            generation=SQL.identifier(GENERATION_TABLE),
        )

    @api.model
    def _customer_zone_unchanged_sql(self, partner, company):
        """SQL: no change of the customer's documents in ``company`` is
        noted that a stored row would not include."""
        return SQL(
            """NOT EXISTS (SELECT 1 FROM %s AS change
                            WHERE change.partner_id IN (%s)
                              AND change.company_id = %s)""",
            SQL.identifier(CHANGE_TABLE),
            self._customer_zone_family_sql(partner),
            company.id,
        )

    @api.model
    def _customer_zone_fresh(self, zone, today, variant):
        """The stored summary row of ``zone`` for ``variant`` when it is
        fresh on ``today``, else None (one query)."""
        partner, company = zone.partner, zone.company
        # the triggers note what is written: what this transaction has yet
        # to write would go unnoticed (nothing to flush on a page's GET)
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """SELECT snapshot.summary FROM %(table)s AS snapshot
                    WHERE snapshot.partner_id = %(partner)s
                      AND snapshot.company_id = %(company)s
                      AND snapshot.variant = %(variant)s
                      AND (snapshot.valid_from IS NULL
                           OR snapshot.valid_from <= %(today)s)
                      AND (snapshot.valid_to IS NULL
                           OR %(today)s <= snapshot.valid_to)
                      AND snapshot.stamp = %(stamp)s
                      AND %(unchanged)s""",
                table=SQL.identifier(self._table),
                partner=partner.id,
                company=company.id,
                variant=variant,
                today=today,
                stamp=self._customer_zone_stamp_sql(partner, company),
                unchanged=self._customer_zone_unchanged_sql(partner, company),
            )
        )
        if not rows:
            return None
        summary = rows[0][0]
        for column in DATE_COLUMNS:
            if summary.get(column):
                summary[column] = fields.Date.to_date(summary[column])
        return summary

    # ------------------------------------------------------------------
    # keeping, once the page is rendered
    # ------------------------------------------------------------------
    @api.model
    def _customer_zone_note_refresh(self, zone, today, variant, statement, window):
        """Store the summary ``statement`` (the live one, one row) of
        ``zone`` once the current page is rendered, if it succeeded.
        ``window``: SQL of the dates between which it holds."""
        if request:
            setattr(
                request,
                PENDING_ATTRIBUTE,
                (zone.partner.id, zone.company.id, today, variant, statement, window),
            )

    @api.model
    def _customer_zone_flush_request_refresh(self, response):
        """Store the summary the current request noted, in a transaction of
        its own on the primary database. A failure (another request storing
        the same row at once, a lock) is logged, never raised: the next
        visit computes it again."""
        pending = getattr(request, PENDING_ATTRIBUTE, None)
        if not pending:
            return
        setattr(request, PENDING_ATTRIBUTE, None)
        if getattr(response, "status_code", 200) >= 400:
            return
        try:
            refresh = self._customer_zone_refresh_sql(*pending)
            write_after_page(self.env, lambda cr: cr.execute(refresh))
        except Exception:  # noqa: BLE001 - a summary is not worth a page
            _logger.info("Could not store a zone summary", exc_info=True)

    @api.model
    def _customer_zone_refresh_sql(
        self, partner_id, company_id, today, variant, statement, window
    ):
        """SQL storing the row of ``statement`` with its stamp and
        ``window``, and deleting the noted changes it includes (those its
        snapshot of the database sees), in one statement."""
        partner = self.env["res.partner"].browse(partner_id)
        company = self.env["res.company"].browse(company_id)
        return SQL(
            """SET LOCAL lock_timeout = '500ms';
               WITH included AS (
                    DELETE FROM %(change)s AS change
                     WHERE change.partner_id IN (%(family)s)
                       AND change.company_id = %(company)s),
                    other_variants AS (
                    DELETE FROM %(table)s AS other
                     WHERE other.partner_id = %(partner)s
                       AND other.company_id = %(company)s
                       AND other.variant <> %(variant)s)
               INSERT INTO %(table)s AS snapshot
                      (partner_id, company_id, variant, stamp, valid_from,
                       valid_to, summary, computed_at)
               SELECT %(partner)s, %(company)s, %(variant)s, %(stamp)s,
                      window_.valid_from, window_.valid_to, to_jsonb(live),
                      now() AT TIME ZONE 'UTC'
                 FROM (%(statement)s) AS live,
                      (%(window)s) AS window_(valid_from, valid_to)
               ON CONFLICT (partner_id, company_id, variant) DO UPDATE
                  SET stamp = EXCLUDED.stamp,
                      valid_from = EXCLUDED.valid_from,
                      valid_to = EXCLUDED.valid_to,
                      summary = EXCLUDED.summary,
                      computed_at = EXCLUDED.computed_at""",
            change=SQL.identifier(CHANGE_TABLE),
            table=SQL.identifier(self._table),
            family=self._customer_zone_family_sql(partner),
            partner=partner_id,
            company=company_id,
            variant=variant,
            stamp=self._customer_zone_stamp_sql(partner, company),
            statement=statement,
            window=window,
        )

    # ------------------------------------------------------------------
    # housekeeping
    # ------------------------------------------------------------------
    @api.model
    def _cron_prune(self):
        """Forget what no kept summary needs: rows computed over 30 days ago
        (customers who do not visit), noted changes of customers without a
        kept summary (a week old: a refresh lasts milliseconds), and the
        generations once they pile up (every kept summary is then stale)."""
        self.env.cr.execute(
            SQL(
                """DELETE FROM %(table)s
                    WHERE computed_at < (now() AT TIME ZONE 'UTC') - interval '30 days';
                   DELETE FROM %(change)s AS change
                    WHERE change.noted_at
                          < (now() AT TIME ZONE 'UTC') - interval '7 days'
                      AND NOT EXISTS (
                          SELECT 1 FROM %(table)s AS snapshot
                            JOIN res_partner AS member
                              ON member.commercial_partner_id = snapshot.partner_id
                           WHERE member.id = change.partner_id
                             AND snapshot.company_id = change.company_id);
                   DELETE FROM %(generation)s
                    WHERE (SELECT COUNT(*) FROM %(generation)s) > %(most)s""",
                table=SQL.identifier(self._table),
                change=SQL.identifier(CHANGE_TABLE),
                generation=SQL.identifier(GENERATION_TABLE),
                most=MAX_GENERATIONS,
            )
        )
