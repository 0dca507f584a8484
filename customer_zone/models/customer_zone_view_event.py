import logging

from odoo import api, fields, models
from odoo.http import request
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# what a customer looked at; bridges add theirs (selection_add)
VIEW_TARGETS = [
    ("invoice", "Invoice"),
    ("credit_note", "Credit note"),
    ("quotation", "Quotation"),
    ("order", "Sales order"),
    ("statement", "Statement"),
    ("outstanding", "Outstanding items"),
    ("attachment", "Attached file"),
]
VIEW_KINDS = [
    ("page", "Page"),
    ("pdf", "PDF"),
    ("download", "Download"),
]
VIEW_ACCESS = [
    ("session", "Logged in"),
    ("link", "Link"),
]
# the views of the current request, inserted once it has answered
PENDING_ATTRIBUTE = "_customer_zone_views"
# reloads of the same target by the same viewer within that many minutes
# count once (the company's setting)
DEFAULT_VIEW_WINDOW_MINUTES = 30
# the columns ``_insert_views`` writes, and their SQL types (a VALUES list
# would type a column of NULLs as text)
INSERT_COLUMNS = {
    "partner_id": "int4",
    "user_id": "int4",
    "company_id": "int4",
    "target": "varchar",
    "kind": "varchar",
    "access": "varchar",
    "res_model": "varchar",
    "res_id": "int4",
    "document_name": "varchar",
    "ip_address": "varchar",
    "user_agent": "varchar",
}


class CustomerZoneViewEvent(models.Model):
    """One row per view of a document or page of the zone by a customer:
    append-only, written by one INSERT in a transaction of its own (see
    ``_insert_views``), never by the ORM on a document.

    Odoo 19 records no invoice view, and a quotation only its first one (as a
    chatter message, a write on the order).
    """

    _name = "customer.zone.view.event"
    _description = "Customer Zone: document view"
    _order = "create_date desc, id desc"
    _rec_name = "document_name"
    _log_access = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        required=True,
        index=True,
        ondelete="cascade",
        help="The commercial partner whose document or page was viewed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="User",
        readonly=True,
        ondelete="set null",
        help="The portal user; empty for a view through a link.",
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, required=True, ondelete="cascade"
    )
    target = fields.Selection(
        VIEW_TARGETS, string="Viewed", required=True, readonly=True
    )
    kind = fields.Selection(VIEW_KINDS, required=True, readonly=True, default="page")
    access = fields.Selection(
        VIEW_ACCESS, string="How", required=True, readonly=True, default="session"
    )
    res_model = fields.Char(string="Document model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document id", model_field="res_model", readonly=True
    )
    document_name = fields.Char(string="Document", readonly=True)
    ip_address = fields.Char(string="IP address", readonly=True)
    user_agent = fields.Char(readonly=True)

    # the reports filter on a customer and a period, the document forms on a
    # document, recording looks for the same view inside the window
    _partner_date_idx = models.Index("(partner_id, create_date DESC)")
    _document_date_idx = models.Index("(res_model, res_id, create_date DESC)")
    _date_idx = models.Index("(create_date DESC, id DESC)")

    @api.model
    def _note_view(self, document=None, target=None, kind="page", name=None):
        """Note that the current request shows ``document`` (a record, in any
        mode) or, without one, the page ``target`` of the user's own zone.

        Nothing is written now: the views of a request are inserted once it
        has answered, in a transaction of their own (``ir.http``'s
        ``_post_dispatch``), so that the page stays a read-only route. A view
        by an internal user (an accountant's preview) is not noted.
        """
        if not request:
            return
        user = request.env.user
        if not user._is_public() and not user.share:
            return
        if document is not None:
            document = document.sudo()
            partner = self._document_partner(document)
            target = target or self._document_target(document)
            name = name or document.display_name
            company = document.company_id if "company_id" in document else False
        else:
            partner = user.sudo().commercial_partner_id
            company = False
        if not partner or not target:
            return
        environ = request.httprequest.environ
        views = getattr(request, PENDING_ATTRIBUTE, None)
        if views is None:
            views = []
            setattr(request, PENDING_ATTRIBUTE, views)
        views.append(
            {
                "partner_id": partner.id,
                "user_id": None if user._is_public() else user.id,
                "company_id": (company or request.env.company).id,
                "target": target,
                "kind": kind,
                "access": "link" if user._is_public() else "session",
                "res_model": document._name if document is not None else None,
                "res_id": document.id if document is not None else None,
                "document_name": (name or "")[:256] or None,
                "ip_address": environ.get("REMOTE_ADDR"),
                "user_agent": (environ.get("HTTP_USER_AGENT") or "")[:512] or None,
            }
        )

    @api.model
    def _document_partner(self, document):
        """The customer ``document`` is shown to (its commercial partner)."""
        if hasattr(document, "_customer_zone_partner"):
            return document._customer_zone_partner()
        return document.partner_id.commercial_partner_id

    @api.model
    def _document_target(self, document):
        """What ``document`` is, as a view target (bridges add theirs)."""
        if document._name == "account.move":
            return "credit_note" if document.move_type == "out_refund" else "invoice"
        if document._name == "sale.order":
            return "quotation" if document.state in ("draft", "sent") else "order"
        return None

    @api.model
    def _flush_request_views(self, response):
        """Insert the views the current request noted, if it answered with
        success: one INSERT in a transaction of its own on the primary
        database (the page's own may be a read-only one on a replica). A
        failure is logged, never raised: a view is not worth a page."""
        views = getattr(request, PENDING_ATTRIBUTE, None)
        if not views:
            return
        setattr(request, PENDING_ATTRIBUTE, [])
        if getattr(response, "status_code", 200) >= 400:
            return
        try:
            company = self.env["res.company"].sudo().browse(views[0]["company_id"])
            window = company.customer_zone_view_window_minutes
            page_cr = request.env.cr
            if page_cr.readonly:
                # the page has answered: end its read-only transaction before
                # writing on the primary (a test cursor requires it)
                page_cr.rollback()
            with self.env.registry.cursor() as cr:
                self._insert_views(cr, views, window)
        except Exception:
            _logger.warning("Could not record %s zone views", len(views), exc_info=True)

    @api.model
    def _insert_views(self, cr, views, window_minutes):
        """Insert ``views`` (dicts of the fields above, without dates) on
        ``cr``, one INSERT statement, leaving out each view the same viewer
        (user, or address for a link) made of the same target and kind less
        than ``window_minutes`` ago. ``cr`` is a cursor of its own, committed
        by the caller: never the page's."""
        rows = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    SQL(f"%s::{sql_type}", view.get(column))
                    for column, sql_type in INSERT_COLUMNS.items()
                ),
            )
            for view in views
        )
        columns = tuple(INSERT_COLUMNS)
        names = SQL(", ").join(SQL.identifier(column) for column in columns)
        # one statement: the lock timeout keeps a page whose own transaction
        # holds a lock the insert would wait for (a key of the customer or
        # the user) from waiting on itself
        cr.execute(
            SQL(
                """
                SET LOCAL lock_timeout = '500ms';
                INSERT INTO customer_zone_view_event
                       (%(names)s, create_uid, write_uid, create_date, write_date)
                SELECT %(new_names)s, new.user_id, new.user_id,
                       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM (VALUES %(rows)s) AS new(%(names)s)
                 WHERE NOT EXISTS (
                       SELECT 1 FROM customer_zone_view_event AS seen
                        WHERE seen.partner_id = new.partner_id
                          AND seen.create_date > now() AT TIME ZONE 'UTC'
                                                 - make_interval(mins => %(window)s)
                          AND seen.target = new.target
                          AND seen.kind = new.kind
                          AND seen.res_id IS NOT DISTINCT FROM new.res_id
                          AND seen.res_model IS NOT DISTINCT FROM new.res_model
                          AND seen.user_id IS NOT DISTINCT FROM new.user_id
                          AND (new.user_id IS NOT NULL
                               OR seen.ip_address IS NOT DISTINCT FROM new.ip_address))
                """,
                names=names,
                new_names=SQL(", ").join(
                    SQL.identifier("new", column) for column in columns
                ),
                rows=rows,
                window=max(int(window_minutes or 0), 0),
            )
        )
        return cr.rowcount
