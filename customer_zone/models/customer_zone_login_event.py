import logging
from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.fields import Domain
from odoo.http import request
from odoo.tools.constants import GC_UNLINK_LIMIT

_logger = logging.getLogger(__name__)

# events of a transaction, written again if it is rolled back
PENDING_KEY = "customer_zone.login_events"

LOGIN_RESULTS = [
    ("success", "Logged in"),
    ("wrong_password", "Wrong password"),
    ("unknown_login", "Unknown login"),
    ("refused", "Refused"),
]


class CustomerZoneLoginEvent(models.Model):
    """One row per login attempt: append-only, kept as long as the business wants.

    Odoo's own res.users.log keeps only the last login of each user
    (``_gc_user_logs``), which cannot answer "who logged in, when, from where,
    and which attempts failed".
    """

    _name = "customer.zone.login.event"
    _description = "Customer Zone: login attempt"
    _order = "create_date desc, id desc"
    _rec_name = "login"

    login = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", readonly=True, index=True, ondelete="set null"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The commercial partner of the user.",
    )
    result = fields.Selection(LOGIN_RESULTS, required=True, readonly=True)
    success = fields.Boolean(compute="_compute_success", store=True)
    method = fields.Selection(
        [("password", "Password"), ("link", "Sign-in link"), ("other", "Other")],
        default="password",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The company of the user; empty for an unknown login.",
    )
    portal = fields.Boolean(string="Portal user", readonly=True)
    ip_address = fields.Char(string="IP address", readonly=True)
    user_agent = fields.Char(readonly=True)

    # a customer's attempts (its panel); the report's default order and its
    # periods (over 1,000,000 attempts, the list's 80 newest read 80 index
    # entries instead of sorting the table: tests/benchmarks/bench_console.py)
    _partner_date_index = models.Index("(partner_id, create_date DESC)")
    _date_index = models.Index("(create_date DESC, id DESC)")

    @api.depends("result")
    def _compute_success(self):
        for event in self:
            event.success = event.result == "success"

    @api.model
    def _record(self, login, user, result, method="password"):
        """Write one event, in sudo: the person logging in has no rights yet.

        A failed login usually ends in an AccessDenied that rolls the
        request's transaction back (``/web/session/authenticate``), which
        would take the event with it: the event is then written again, in a
        transaction of its own, once the rollback is done.
        """
        values = self._prepare_values(login, user, result, method)
        event = self.sudo().create(values)
        if request:
            self._keep_on_rollback(self.env.cr, values)
        return event

    @api.model
    def _prepare_values(self, login, user, result, method):
        environ = request.httprequest.environ if request else {}
        user = user.sudo()
        return {
            # what was typed, even a password typed as the login (kept short)
            "login": (login or "")[:256],
            "user_id": user.id,
            "partner_id": user.commercial_partner_id.id,
            "company_id": user.company_id.id,
            "result": result,
            "method": method,
            "portal": bool(user) and user.share,
            "ip_address": environ.get("REMOTE_ADDR"),
            "user_agent": (environ.get("HTTP_USER_AGENT") or "")[:512],
        }

    @api.model
    def _keep_on_rollback(self, cr, values):
        """Write ``values`` in a new transaction if ``cr``'s is rolled back.

        The hook runs after the rollback (postrollback), so the new cursor's
        commit is independent of the request's; a commit of the request
        drops the hook (the event is then already saved).
        """
        pending = cr.postrollback.data.setdefault(PENDING_KEY, [])
        if not pending:
            registry = self.env.registry

            @cr.postrollback.add
            def _write_rolled_back_events():
                events = cr.postrollback.data.pop(PENDING_KEY, [])
                try:
                    with registry.cursor() as new_cr:
                        env = api.Environment(new_cr, SUPERUSER_ID, {})
                        env[self._name].create(events)
                except Exception:
                    _logger.exception("Could not record %s login attempts", len(events))

        pending.append(values)

    @api.autovacuum
    def _gc_login_events(self):
        """Delete the attempts older than their company's retention.

        A company's setting applies to its users' attempts; unknown logins,
        which have no company, are kept as long as the longest setting
        (forever if any company keeps attempts forever).
        """
        company_ids_by_days = defaultdict(list)
        for days, company_ids in (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([], ["customer_zone_login_retention_days"], ["id:array_agg"])
        ):
            company_ids_by_days[days or 0] += company_ids
        now = fields.Datetime.now()
        conditions = [
            Domain("company_id", "in", company_ids)
            & Domain("create_date", "<", now - timedelta(days=days))
            for days, company_ids in company_ids_by_days.items()
            if days > 0
        ]
        if company_ids_by_days and min(company_ids_by_days) > 0:
            longest = max(company_ids_by_days)
            conditions.append(
                Domain("company_id", "=", False)
                & Domain("create_date", "<", now - timedelta(days=longest))
            )
        if not conditions:
            return 0, False
        events = self.sudo().search(Domain.OR(conditions), limit=GC_UNLINK_LIMIT)
        events.unlink()
        return len(events), len(events) == GC_UNLINK_LIMIT
