import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL

from ..tools.after_page import write_after_page

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
# the documents the current request opened through a link (a valid token,
# not the user's own rights): their views are link views
LINK_ATTRIBUTE = "_customer_zone_link_documents"
# what makes two views of one viewer the same view (a statement's period is
# in its name, a file's name tells two files of one document apart)
DISTINCT_COLUMNS = ("target", "kind", "res_model", "res_id", "document_name")
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
    window_slice = fields.Integer(
        readonly=True,
        help="Technical: the window-long slice of time the view fell in (empty "
        "when every load counts), for the key that counts a view once.",
    )
    user_agent = fields.Char(readonly=True)

    # the reports filter on a customer and a period, the document forms on a
    # document, recording looks for the same view inside the window
    _partner_date_idx = models.Index("(partner_id, create_date DESC)")
    _document_date_idx = models.Index("(res_model, res_id, create_date DESC)")
    _date_idx = models.Index("(create_date DESC, id DESC)")
    # the same view in the same window-long slice of time, once: two reloads
    # at the same moment cannot both pass the window's NOT EXISTS (neither
    # sees the other's uncommitted row), the second meets this key and is
    # left out (ON CONFLICT DO NOTHING)
    _once_per_window_uniq = models.UniqueIndex(
        "(partner_id, target, kind, COALESCE(res_model, ''), COALESCE(res_id, 0),"
        " COALESCE(document_name, ''), COALESCE(user_id, 0),"
        " COALESCE(CASE WHEN user_id IS NULL THEN ip_address END, ''), window_slice)"
        " WHERE window_slice IS NOT NULL"
    )

    @api.model
    def _note_view(self, document=None, target=None, kind="page", name=None):
        """Note that the current request shows ``document`` (a record, in any
        mode) or, without one, the page ``target`` of the user's own zone.
        Call it once the route has decided the user may see it.

        Nothing is written now: the views of a request are inserted once it
        has answered, in a transaction of their own (``ir.http``'s
        ``_post_dispatch``), so that the page stays a read-only route. A view
        by an internal user (an accountant's preview) is not noted, nor the
        fetch of Odoo's link previewer (a link pasted in a chat).
        """
        if not request:
            return
        user = request.env.user
        if not user._is_public() and not user.share:
            return
        if request.httprequest.headers.get("Odoo-Link-Preview"):
            return
        if document is not None:
            document = document.sudo()
            target = target or self._document_target(document)
            if not target:
                return  # not a document of the zone
            partner = self._document_partner(document)
            name = name or document.display_name
            company = document.company_id if "company_id" in document else False
        else:
            partner = user.sudo().commercial_partner_id
            company = False
        if not partner or not target:
            return
        self._pending_views().append(
            {
                "partner_id": partner.id,
                "user_id": None if user._is_public() else user.id,
                "company_id": (company or request.env.company).id,
                "target": target,
                "kind": kind,
                "access": "link" if self._by_link(document) else "session",
                "res_model": document._name if document is not None else None,
                "res_id": document.id if document is not None else None,
                "document_name": (name or "")[:256] or None,
                "ip_address": request.httprequest.remote_addr,
                "user_agent": (request.httprequest.user_agent.string or "")[:512]
                or None,
            }
        )

    @api.model
    def _note_link_access(self, document):
        """Note that the current request opened ``document`` through a link
        (its token), not by the user's own rights: its views are link views,
        whoever holds the link (a visitor, or the user of another customer)."""
        if not request:
            return
        links = getattr(request, LINK_ATTRIBUTE, None)
        if links is None:
            links = set()
            setattr(request, LINK_ATTRIBUTE, links)
        links.add((document._name, document.id))

    @api.model
    def _by_link(self, document):
        """Whether the current request shows ``document`` through a link."""
        if request.env.user._is_public():
            return True
        links = getattr(request, LINK_ATTRIBUTE, None) or ()
        return document is not None and (document._name, document.id) in links

    @api.model
    def _pending_views(self):
        """The list of the views the current request noted (a new one)."""
        views = getattr(request, PENDING_ATTRIBUTE, None)
        if views is None:
            views = []
            setattr(request, PENDING_ATTRIBUTE, views)
        return views

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
            return {
                "out_invoice": "invoice",
                "out_receipt": "invoice",
                "out_refund": "credit_note",
            }.get(document.move_type)
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
            write_after_page(
                self.env,
                lambda cr: self._insert_views(cr, self._distinct_views(views)),
            )
        except Exception:
            _logger.warning("Could not record %s zone views", len(views), exc_info=True)

    @api.model
    def _distinct_views(self, views):
        """``views`` without repeats: a request that shows a document twice
        (a page and the same page's file) counts each view once."""
        seen = {}
        for view in views:
            key = tuple(view[name] for name in DISTINCT_COLUMNS)
            seen.setdefault(key, view)
        return list(seen.values())

    @api.model
    def _insert_views(self, cr, views, window_minutes=None):
        """Insert ``views`` (dicts of the fields above, without dates) on
        ``cr``, one INSERT statement, leaving out each view the same viewer
        (user, or address for a link) made of the same target and kind less
        than ``window_minutes`` ago (by default, the window of the view's
        company, read by the same statement). ``cr`` is a cursor of its own,
        committed by the caller: never the page's."""
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
        if window_minutes is None:
            window = SQL(
                """COALESCE((SELECT company.customer_zone_view_window_minutes
                               FROM res_company AS company
                              WHERE company.id = new.company_id), %s)""",
                DEFAULT_VIEW_WINDOW_MINUTES,
            )
        else:
            window = SQL("%s", max(int(window_minutes), 0))
        # one statement: the lock timeout keeps a page whose own transaction
        # holds a lock the insert would wait for (a key of the customer or
        # the user) from waiting on itself
        cr.execute(
            SQL(
                """
                SET LOCAL lock_timeout = '500ms';
                INSERT INTO customer_zone_view_event
                       (%(names)s, window_slice,
                        create_uid, write_uid, create_date, write_date)
                SELECT %(new_names)s,
                       CASE WHEN %(window)s > 0
                            THEN floor(extract(epoch FROM now())
                                       / (%(window)s * 60))::int4
                       END,
                       new.user_id, new.user_id,
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
                          AND seen.document_name IS NOT DISTINCT FROM new.document_name
                          AND seen.user_id IS NOT DISTINCT FROM new.user_id
                          AND (new.user_id IS NOT NULL
                               OR seen.ip_address IS NOT DISTINCT FROM new.ip_address))
                ON CONFLICT DO NOTHING
                """,
                names=names,
                new_names=SQL(", ").join(
                    SQL.identifier("new", column) for column in columns
                ),
                rows=rows,
                window=window,
            )
        )
        return cr.rowcount

    # ------------------------------------------------------------------
    # the report
    # ------------------------------------------------------------------
    def action_open_document(self):
        """Open the document this view was of, in its own form (the user's
        own rights apply there); a page of the zone (statement, open items)
        opens the customer."""
        self.ensure_one()
        model, res_id = self.res_model, self.res_id
        if not (model and res_id and model in self.env):
            model, res_id = "res.partner", self.partner_id.id
        if not self.env[model].browse(res_id).exists():
            raise UserError(self.env._("This document no longer exists."))
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": res_id,
            "views": [(False, "form")],
            "target": "current",
        }
