import datetime

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, models
from odoo.exceptions import AccessDenied, AccessError
from odoo.http import request
from odoo.sql_db import Cursor
from odoo.tools import SQL

LINK_CREDENTIAL = "customer_zone_link"
# the session key of a first login's welcome (the user's id)
WELCOME_SESSION_KEY = "customer_zone_welcome"
# the key of the zone's answers in the cursor's cache
ZONE_CACHE_KEY = "customer_zone_state"
# what a ZoneState and the section menu read, per model: a write of one drops
# the answers kept for the request (res.users._customer_zone_forget_state)
ZONE_STATE_PARTNER_FIELDS = frozenset(
    {
        "customer_zone_access",
        "customer_zone_catalog_access",
        "parent_id",
        "is_company",
        "company_id",
    }
)
ZONE_STATE_COMPANY_FIELDS = frozenset(
    {"customer_zone_mode", "customer_zone_default_access"}
)
ZONE_STATE_USER_FIELDS = frozenset(
    {"partner_id", "group_ids", "company_id", "company_ids", "active"}
)


class ResUsers(models.Model):
    _inherit = "res.users"

    def _customer_zone_state(self):
        """The zone of this user in the current company (nothing for the
        public user).

        Kept while the request's transaction lasts (per user and company,
        ``_customer_zone_request_cache``): the gate, the home page, the
        section menu and the templates all ask it. A rollback (a retried
        request) or a write of what it reads drops it."""
        self.ensure_one()
        cache = self._customer_zone_request_cache()
        key = ("state", self.id, self.env.company.id)
        if cache is not None and key in cache:
            return cache[key]
        partner = self.env["res.partner"] if self._is_public() else self.partner_id
        zone = partner._customer_zone_state(self.env.company)
        if cache is not None:
            cache[key] = zone
        return zone

    def _customer_zone_request_cache(self):
        """A dict of the zone's answers (ZoneState, menu) for the current
        HTTP request, or None outside of one.

        Kept in the cursor's ``cache``, which the transaction empties on
        every commit and rollback (``Transaction.clear``, also on the
        rollback of a savepoint): a request that ``odoo.service.model.
        retrying`` rolls back and runs again on the same cursor starts
        afresh. A write of what the answers read drops it
        (``_customer_zone_forget_state``)."""
        if not request:
            return None
        return self.env.cr.cache.setdefault(ZONE_CACHE_KEY, {})

    @api.model
    def _customer_zone_forget_state(self, vals, fields_read):
        """Drop the zone's answers of this transaction when ``vals`` (of a
        write, done) set one of ``fields_read`` (the fields a ZoneState or a
        menu reads: ``ZONE_STATE_*_FIELDS``)."""
        if not fields_read.isdisjoint(vals):
            self.env.cr.cache.pop(ZONE_CACHE_KEY, None)
            # a contact without a company reads the switch of the company
            # asked for, which its field's dependencies do not reach
            self.env["res.partner"].invalidate_model(["customer_zone_enabled"])

    def write(self, vals):
        result = super().write(vals)
        self._customer_zone_forget_state(vals, ZONE_STATE_USER_FIELDS)
        return result

    def _login(self, credential, user_agent_env):
        if self._customer_zone_login_on_cooldown():
            # core refuses the attempt before looking at it: no row per
            # attempt, so that a flood cannot grow the table (the failures
            # that led to the cooldown are recorded)
            return super()._login(credential, user_agent_env)
        login = credential.get("login")
        Event = self.env["customer.zone.login.event"]
        method = "link" if credential.get("type") == LINK_CREDENTIAL else "password"
        try:
            auth_info = super()._login(credential, user_agent_env)
        except AccessDenied:
            user = self.sudo().search(self._get_login_domain(login), limit=1)
            if method == "link":
                result = "refused"
            else:
                result = "wrong_password" if user else "unknown_login"
            Event._record(login, user, result, method=method)
            raise
        user = self.sudo().browse(auth_info["uid"])
        Event._record(login, user, "success", method=method)
        user._customer_zone_note_first_login()
        return auth_info

    @api.model
    def _customer_zone_login_on_cooldown(self):
        """Whether core's rate limiting refuses this request's login attempt
        (same test as ``_assert_can_auth``, without counting a failure)."""
        if not request:
            return False
        failures_map = getattr(self.env.registry, "_login_failures", None) or {}
        failures, previous = failures_map.get(
            request.httprequest.remote_addr, (0, datetime.datetime.min)
        )
        return bool(failures) and self._on_login_cooldown(failures, previous)

    def _check_credentials(self, credential, env):
        if credential.get("type") != LINK_CREDENTIAL:
            return super()._check_credentials(credential, env)
        links = self.env["customer.zone.signin.link"]
        if not links._consume(credential.get("token"), self):
            raise AccessDenied()
        return {"uid": self.id, "auth_method": LINK_CREDENTIAL, "mfa": "default"}

    def _customer_zone_signin_url(self):
        """A one-click sign-in link for this portal user."""
        self.ensure_one()
        return self.env["customer.zone.signin.link"]._issue(self)

    def _customer_zone_note_first_login(self):
        """The first login of an invited portal user, shown on the customer.

        Written in a short transaction of its own (read committed, committed
        at once) when it can be: written by the login's transaction
        (repeatable read, open until the response), simultaneous logins of
        one partner's users each updated the same row and all but one failed
        with a serialization error. The row is locked there with SKIP LOCKED,
        never waited for: when the login's own transaction holds it (an
        invitation's sign-up writes the partner before logging in; flushed
        first, so that the lock shows), waiting would never end and a write
        committed beside it would fail that transaction; then the date is
        written by the login's transaction itself. Exactly one login is the
        first, and only its session gets the welcome.
        """
        for user in self.sudo().filtered("share"):
            partner = user.partner_id
            if partner.customer_zone_first_login_on:
                continue
            # the sign-up's pending write of this partner takes its row lock
            self.env.flush_all()
            first = self._customer_zone_date_first_login_aside(partner.id)
            if first is None:
                # locked: by this very login, or by a simultaneous one (which
                # then holds it until its commit; this transaction would fail
                # and be run again by Odoo, and find the date set)
                self.env.cr.execute(self._customer_zone_first_login_sql(partner.id))
                first = bool(self.env.cr.fetchone())
            partner.invalidate_recordset(["customer_zone_first_login_on"])
            if first:
                user._customer_zone_flag_welcome()

    @api.model
    def _customer_zone_first_login_sql(self, partner_id):
        """The UPDATE dating the first login of ``partner_id`` unless dated
        (RETURNING its id when it wrote)."""
        return SQL(
            """UPDATE res_partner
                  SET customer_zone_first_login_on = now() AT TIME ZONE 'UTC'
                WHERE id = (SELECT id FROM res_partner
                             WHERE id = %s
                               AND customer_zone_first_login_on IS NULL
                               FOR UPDATE)
            RETURNING id""",
            partner_id,
        )

    @api.model
    def _customer_zone_date_first_login_aside(self, partner_id):
        """Date the first login of ``partner_id`` in a transaction of its own:
        True if this login is the first, False if the date is set already,
        None if the partner's row is locked (nothing written)."""
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):
                # before any statement; a test's cursor is a savepoint of
                # the test's transaction and keeps that one's level
                cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            cr.execute(
                SQL(
                    """SELECT customer_zone_first_login_on IS NULL
                         FROM res_partner WHERE id = %s
                          FOR UPDATE SKIP LOCKED""",
                    partner_id,
                )
            )
            row = cr.fetchone()
            if row is None:
                return None
            if not row[0]:
                return False
            cr.execute(self._customer_zone_first_login_sql(partner_id))
            return bool(cr.fetchone())

    def _customer_zone_flag_welcome(self):
        """The session of the login that was the user's first shows a
        welcome on its home page until the customer dismisses it: the home
        page itself stays a read-only GET that writes nothing."""
        if request and getattr(request, "session", None) is not None:
            request.session[WELCOME_SESSION_KEY] = self.id

    @api.model
    def _customer_zone_check_group(self, group_xmlid):
        """Raise AccessError unless the current user is in ``group_xmlid``.

        For public methods that act in sudo afterwards: buttons hidden in a
        view are still reachable over RPC.
        """
        if self.env.su or self.env.user.has_group(group_xmlid):
            return
        group = self.env.ref(group_xmlid)
        raise AccessError(
            self.env._(
                "Only members of the group %(group)s may do this.",
                group=group.sudo().full_name,
            )
        )

    def _customer_zone_send_auth_mail(self, template, **render_context):
        """Email each user ``template``, a mail holding a sign-in or sign-up
        link, at once and out of other employees' reach.

        A mail stays readable as a ``mail.message`` by anyone who can read its
        document (``model``/``res_id``), so the mail gets no document; it is
        sent now (``force_send``, as core sends auth links) and deleted once
        sent (``auto_delete``). A mail that cannot be sent waits in the
        outgoing queue, which only administrators can read.
        """
        author = self.env.ref("base.partner_root")
        mails = self.env["mail.mail"].sudo()
        for user in self.sudo():
            mail_id = template.with_context(lang=user.lang, **render_context).send_mail(
                user.id,
                force_send=True,
                email_values={
                    "model": False,
                    "res_id": False,
                    "author_id": author.id,
                    "auto_delete": True,
                },
            )
            mails |= mails.browse(mail_id)
        return mails
