from odoo import api, fields, models

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
    portal = fields.Boolean(string="Portal user", readonly=True)
    ip_address = fields.Char(string="IP address", readonly=True)
    user_agent = fields.Char(readonly=True)

    _partner_date_index = models.Index("(partner_id, create_date DESC)")

    @api.depends("result")
    def _compute_success(self):
        for event in self:
            event.success = event.result == "success"

    @api.model
    def _record(self, login, user, result, method="password"):
        """Write one event, in sudo: the person logging in has no rights yet."""
        from odoo.http import request  # noqa: PLC0415 (only during a request)

        environ = request.httprequest.environ if request else {}
        user = user.sudo()
        return self.sudo().create(
            {
                "login": (login or "")[:256],
                "user_id": user.id,
                "partner_id": user.commercial_partner_id.id,
                "result": result,
                "method": method,
                "portal": bool(user) and user.share,
                "ip_address": environ.get("REMOTE_ADDR"),
                "user_agent": (environ.get("HTTP_USER_AGENT") or "")[:512],
            }
        )
