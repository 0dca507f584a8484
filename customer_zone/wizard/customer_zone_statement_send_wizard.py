from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import STATEMENT_EARLIEST, STATEMENT_LATEST, STATEMENT_MAX_YEARS


class CustomerZoneStatementSendWizard(models.TransientModel):
    """Send (through the queue) or print the statements of one or many
    customers for a period: from the customer form or the customer list."""

    _name = "customer.zone.statement.send.wizard"
    _description = "Customer Zone: send or print statements"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        default=lambda self: self._default_partners(),
    )
    date_from = fields.Date(
        string="From", default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(string="To", default=lambda self: self._default_period()[1])
    send_count = fields.Integer(compute="_compute_skipped")
    skip_count = fields.Integer(compute="_compute_skipped")
    skipped = fields.Text(
        compute="_compute_skipped",
        help="The customers who get no email, and why.",
    )

    @api.model
    def _default_partners(self):
        """The customers (commercial partners) of the records the wizard was
        opened on."""
        context = self.env.context
        if context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        partners = self.env["res.partner"].browse(context.get("active_ids") or [])
        return partners.commercial_partner_id

    @api.model
    def _default_period(self):
        """The month before today's: what a customer asks for most."""
        return self.env["customer.zone.statement.mailing"]._last_month()

    @api.depends("partner_ids", "date_from", "date_to")
    def _compute_skipped(self):
        for wizard in self:
            reasons = wizard._skip_reasons()
            wizard.skip_count = len(reasons)
            wizard.send_count = len(wizard.partner_ids) - len(reasons)
            wizard.skipped = "\n".join(
                f"{partner.display_name}: {reason}" for partner, reason in reasons
            )

    def _skip_reasons(self):
        """``[(partner, reason)]`` of the customers who will not be queued:
        no valid email, or this period's statement already in the queue."""
        self.ensure_one()
        Mailing = self.env["customer.zone.statement.mailing"]
        company = self.env.company
        partners = self.partner_ids._origin
        queued = self.env["res.partner"]
        if self.date_from and self.date_to:
            queued = Mailing._queued_partners(
                partners, company, self.date_from, self.date_to
            )
        reasons = []
        for partner in partners:
            reason = Mailing._skip_reason(partner, company)
            if not reason and partner in queued:
                reason = self.env._("This period's statement is already queued.")
            if reason:
                reasons.append((partner, reason))
        return reasons

    # ------------------------------------------------------------------
    # checks
    # ------------------------------------------------------------------
    def _check_request(self):
        """A period that makes a statement, and customers to send it to:
        else a message saying what to change (nothing is queued)."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Choose at least one customer."))
        if not (self.date_from and self.date_to):
            raise UserError(self.env._("Choose the period: a start and an end date."))
        if self.date_from > self.date_to:
            raise UserError(
                self.env._(
                    "The period starts (%(start)s) after it ends (%(end)s).",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        if not (STATEMENT_EARLIEST <= self.date_from <= STATEMENT_LATEST) or not (
            STATEMENT_EARLIEST <= self.date_to <= STATEMENT_LATEST
        ):
            raise UserError(
                self.env._(
                    "A statement's dates lie between %(earliest)s and %(latest)s.",
                    earliest=STATEMENT_EARLIEST,
                    latest=STATEMENT_LATEST,
                )
            )
        if self.date_from < self.date_to - relativedelta(years=STATEMENT_MAX_YEARS):
            raise UserError(
                self.env._(
                    "A statement covers at most %(years)s years: choose a "
                    "shorter period.",
                    years=STATEMENT_MAX_YEARS,
                )
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_send(self):
        """Queue one statement email per customer and return at once: the
        cron renders and sends them (nothing is rendered in this request)."""
        self.ensure_one()
        self._check_request()
        skipped = dict(self._skip_reasons())
        to_send = self.partner_ids._origin.filtered(lambda p: p not in skipped)
        if not to_send:
            raise UserError(
                self.env._(
                    "No statement to send:\n%(reasons)s",
                    reasons="\n".join(
                        f"{partner.display_name}: {reason}"
                        for partner, reason in skipped.items()
                    ),
                )
            )
        company = self.env.company
        common = {
            "company_id": company.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "user_id": self.env.uid,
            "origin": "request",
        }
        vals_list = [{**common, "partner_id": partner.id} for partner in to_send]
        # customers without an email are logged too, with the reason; those
        # already queued are not (their queued row is this period's)
        Mailing = self.env["customer.zone.statement.mailing"]
        vals_list += [
            {**common, "partner_id": partner.id, "state": "skipped", "error": reason}
            for partner, reason in skipped.items()
            if Mailing._skip_reason(partner, company)
        ]
        try:
            mailings = Mailing._queue(vals_list)
        except UniqueViolation as error:
            raise UserError(
                self.env._(
                    "Some of these statements were queued meanwhile: open the "
                    "wizard again."
                )
            ) from error
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Statements sent"),
            "res_model": "customer.zone.statement.mailing",
            "view_mode": "list,form",
            "domain": [("id", "in", mailings.ids)],
            "target": "current",
        }

    def action_print(self):
        """The statement PDF of each customer for the period (the report
        the customer list prints)."""
        self.ensure_one()
        self._check_request()
        return self.env.ref("customer_zone.action_report_statement").report_action(
            self.partner_ids._origin,
            data={
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )

    @api.model
    def _action_open(self, partners):
        """The wizard's window on ``partners`` (the form's button)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send statement"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": partners.commercial_partner_id.ids,
            },
        }
