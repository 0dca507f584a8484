from collections import defaultdict
from datetime import timezone

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from odoo.addons.account.models.account_move import BYPASS_LOCK_CHECK

from ..const import CUSTOMER_MOVE_TYPES, INVOICE_MOVE_TYPES, PUBLIC_ORDER_STATES
from ..tools.zone_state import ZoneState
from .account_move_line import (
    open_amount_filter,
    open_amount_sql,
    receivable_accounts,
    receivable_filter,
    receivable_sql,
)
from .res_users import ZONE_STATE_PARTNER_FIELDS


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_access = fields.Selection(
        selection=[
            ("default", "Company default"),
            ("allowed", "Allowed"),
            ("blocked", "Blocked"),
        ],
        string="Customer Zone access",
        default="default",
        required=True,
        help="Whether this customer (and its contacts) may use the customer zone "
        "in the portal. 'Company default' follows the setting of the company.",
    )
    customer_zone_reminder_opt_out = fields.Boolean(
        string="No overdue reminders",
        help="This customer (and its contacts) gets no overdue-invoice "
        "reminder by email, whatever the company's schedule.",
    )
    customer_zone_invited_on = fields.Datetime(
        string="Invited to the zone on", readonly=True, copy=False
    )
    customer_zone_first_login_on = fields.Datetime(
        string="First login to the zone", readonly=True, copy=False
    )
    customer_zone_walk_in = fields.Boolean(
        string="Walk-in (cash sales) contact",
        groups="account.group_account_invoice",
        help="A contact used for counter or cash sales. Link it to a customer "
        "so that those sales appear in that customer's zone.",
    )
    customer_zone_cash_customer_id = fields.Many2one(
        "res.partner",
        string="Cash sales shown to",
        compute="_compute_customer_zone_cash_customer_id",
        inverse="_inverse_customer_zone_cash_customer_id",
        groups="account.group_account_invoice",
        domain=[("is_company", "=", True)],
        help="The customer whose zone shows this walk-in contact's sales.",
    )
    customer_zone_enabled = fields.Boolean(
        string="Uses the Customer Zone",
        compute="_compute_customer_zone_enabled",
        help="The effective switch, read on the commercial partner.",
    )
    # the customer's 360° panel: figures of the commercial partner, computed
    # together with one grouped query per source (``_compute_customer_zone_panel``)
    customer_zone_last_invited_on = fields.Datetime(
        string="Invited on",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
        help="The last invitation sent to the customer or one of its contacts.",
    )
    customer_zone_first_login = fields.Datetime(
        string="First login",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
    )
    customer_zone_last_login = fields.Datetime(
        string="Last login",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
    )
    customer_zone_login_count = fields.Integer(
        string="Zone logins",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
        help="Login attempts of the customer's users, failed ones included.",
    )
    customer_zone_views_this_month = fields.Integer(
        string="Views this month",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
    )
    customer_zone_document_count = fields.Integer(
        string="Zone documents",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
    )
    customer_zone_unviewed_count = fields.Integer(
        string="Documents not viewed",
        compute="_compute_customer_zone_panel",
        groups="account.group_account_invoice",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "customer_zone_access",
            "customer_zone_reminder_opt_out",
        ]

    @api.depends(
        "commercial_partner_id.customer_zone_access",
        "company_id.customer_zone_default_access",
    )
    @api.depends_context("company")
    def _compute_customer_zone_enabled(self):
        for partner in self:
            access = partner.commercial_partner_id.customer_zone_access
            if access == "default":
                company = partner.company_id or self.env.company
                partner.customer_zone_enabled = company.customer_zone_default_access
            else:
                partner.customer_zone_enabled = access == "allowed"

    @api.depends("parent_id", "customer_zone_walk_in")
    def _compute_customer_zone_cash_customer_id(self):
        for partner in self:
            partner.customer_zone_cash_customer_id = (
                partner.parent_id if partner.customer_zone_walk_in else False
            )

    def _inverse_customer_zone_cash_customer_id(self):
        # linking and unlinking move posted journal items between customers:
        # invoicing users only, and only contacts that were walk-ins before
        # this write (ticking the box in the same write proves nothing)
        if not self.env.su and not self.env.user.has_group(
            "account.group_account_invoice"
        ):
            raise AccessError(
                self.env._("Only invoicing users link walk-in contacts to customers.")
            )
        walk_ins = self.env.context.get("customer_zone_walk_ins", ())
        for partner in self:
            customer = partner.customer_zone_cash_customer_id
            if customer:
                partner._customer_zone_link_cash_sales(customer)
            elif partner.parent_id and partner.id in walk_ins:
                partner._customer_zone_unlink_cash_sales()

    def _customer_zone_link_cash_sales(self, customer):
        """Make this walk-in contact a contact of ``customer``.

        Core then moves the contact's journal items to the customer (see
        account's res.partner.write), so its sales show in the customer's
        zone and statement; unlinking moves them back.
        """
        self.ensure_one()
        if not self.customer_zone_walk_in:
            raise UserError(self.env._("Only walk-in contacts can be linked."))
        if self.is_company or customer.commercial_partner_id == self:
            raise UserError(
                self.env._("A company cannot be linked as a walk-in contact.")
            )
        customer = customer.commercial_partner_id
        # core refuses a parent whose tax ID differs from the contact's
        self.write({"vat": customer.vat})
        self.write({"parent_id": customer.id})
        for partner in self | customer:
            partner.message_post(
                body=self.env._(
                    "Cash sales of %(contact)s are shown in the zone of %(customer)s.",
                    contact=self.name,
                    customer=customer.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _customer_zone_unlink_cash_sales(self):
        self.ensure_one()
        if not self.customer_zone_walk_in:
            raise UserError(self.env._("Only walk-in contacts can be unlinked."))
        customer = self.parent_id
        self.write({"parent_id": False})
        self.write({"vat": False})
        # core moves journal items to the new parent, not back: do it here,
        # for the documents of this contact only (sudo: ledger bookkeeping)
        moves = self.env["account.move"].sudo().search([("partner_id", "=", self.id)])
        bypass = {"bypass_lock_check": BYPASS_LOCK_CHECK}
        lines = moves.line_ids.filtered(lambda line: line.partner_id == customer)
        lines.with_context(**bypass).partner_id = self
        moves.with_context(**bypass).commercial_partner_id = self
        for partner in self | customer:
            partner.message_post(
                body=self.env._(
                    "Cash sales of %(contact)s are no longer shown to %(customer)s.",
                    contact=self.name,
                    customer=customer.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # customer notes (issue 13, part 7): the count on the form's smart button
    customer_zone_note_count = fields.Integer(
        string="Customer notes",
        compute="_compute_customer_zone_note_count",
        groups="base.group_user",
    )

    def _compute_customer_zone_note_count(self):
        """The customer notes of each partner's customer, in one grouped
        query (read as the user: the notes he may read)."""
        subtype = self.env.ref("customer_zone.mt_customer_note")
        commercial = self.commercial_partner_id._origin
        counts = dict(
            self.env["mail.message"]._read_group(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", commercial.ids),
                    ("subtype_id", "=", subtype.id),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.customer_zone_note_count = counts.get(
                partner.commercial_partner_id._origin.id, 0
            )

    def action_customer_zone_notes(self):
        """The customer's notes (its commercial partner's), newest first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_zone.customer_zone_customer_note_action"
        )
        action["domain"] = [
            ("model", "=", "res.partner"),
            ("res_id", "=", self.commercial_partner_id.id),
            ("subtype_id", "=", self.env.ref("customer_zone.mt_customer_note").id),
        ]
        action["name"] = self.env._(
            "Notes on %(customer)s", customer=self.commercial_partner_id.display_name
        )
        return action

    def action_customer_zone_send_statement(self):
        """The statement wizard on these customers: choose the period, then
        send it by email (queued, sent by a cron) or print it."""
        return self.env["customer.zone.statement.send.wizard"]._action_open(self)

    def action_customer_zone_preview(self):
        """Open, read-only, the zone this customer sees."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/my/preview/{self.commercial_partner_id.id}",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # the customer's 360° panel
    # ------------------------------------------------------------------
    def _compute_customer_zone_panel(self):
        """The panel's figures, as the accountant's reports show them (their
        record rules apply: the companies selected): one grouped query on
        invitations, logins, views and the register each, whatever the
        number of partners. A contact shows its customer's figures."""
        ids = self.commercial_partner_id._origin.ids
        invited = dict(
            self.env["customer.zone.invitation"]._read_group(
                [("commercial_partner_id", "in", ids), ("state", "=", "sent")],
                ["commercial_partner_id"],
                ["sent_on:max"],
            )
        )
        logins = defaultdict(lambda: [0, None, None])
        for customer, success, count, first, last in self.env[
            "customer.zone.login.event"
        ]._read_group(
            [("partner_id", "in", ids)],
            ["partner_id", "success"],
            ["__count", "create_date:min", "create_date:max"],
        ):
            figures = logins[customer]
            figures[0] += count
            if success:
                figures[1:] = [first, last]
        views = dict(
            self.env["customer.zone.view.event"]._read_group(
                [
                    ("partner_id", "in", ids),
                    ("create_date", ">=", self._customer_zone_month_start()),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        documents = defaultdict(lambda: [0, 0])
        for customer, viewed, count in self.env["customer.zone.document"]._read_group(
            [("partner_id", "in", ids)], ["partner_id", "viewed"], ["__count"]
        ):
            documents[customer][0] += count
            if not viewed:
                documents[customer][1] += count
        for partner in self:
            customer = partner.commercial_partner_id._origin
            count, first, last = logins[customer]
            partner.customer_zone_last_invited_on = invited.get(customer)
            partner.customer_zone_first_login = first
            partner.customer_zone_last_login = last
            partner.customer_zone_login_count = count
            partner.customer_zone_views_this_month = views.get(customer, 0)
            partner.customer_zone_document_count = documents[customer][0]
            partner.customer_zone_unviewed_count = documents[customer][1]

    @api.model
    def _customer_zone_month_start(self):
        """The first moment of the user's current month, in UTC."""
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return start.astimezone(timezone.utc).replace(tzinfo=None)

    def _customer_zone_report_action(self, xmlid, name, context=None):
        """The report ``xmlid`` on this customer only (a smart button)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["name"] = self.env._(
            "%(report)s: %(customer)s", report=name, customer=customer.name
        )
        if context is not None:
            action["context"] = context
        return action

    def action_customer_zone_logins(self):
        return self._customer_zone_report_action(
            "customer_zone.customer_zone_login_event_action", self.env._("Logins"), {}
        )

    def action_customer_zone_views(self):
        return self._customer_zone_report_action(
            "customer_zone.customer_zone_view_event_action",
            self.env._("Document views"),
        )

    def action_customer_zone_documents(self):
        return self._customer_zone_report_action(
            "customer_zone.customer_zone_document_action", self.env._("Documents")
        )

    def action_customer_zone_unviewed_documents(self):
        return self._customer_zone_report_action(
            "customer_zone.customer_zone_document_action",
            self.env._("Documents"),
            {"search_default_not_viewed": 1},
        )

    def action_customer_zone_invite(self):
        """Open the invitation wizard for these customers."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_zone.customer_zone_invite_wizard_action"
        )
        action["context"] = {"active_model": "res.partner", "active_ids": self.ids}
        return action

    def _customer_zone_token_models(self):
        """Models whose emailed links belong to a customer (bridges add theirs)."""
        return ["account.move", "sale.order"]

    def action_customer_zone_revoke_links(self):
        """Void every document link sent to these customers until now."""
        self.env["res.users"]._customer_zone_check_group(
            "account.group_account_invoice"
        )
        for partner in self.commercial_partner_id:
            count = sum(
                self.env[model]._customer_zone_revoke_tokens(partner)
                for model in self._customer_zone_token_models()
            )
            # billing users may not write contacts, which posting needs;
            # they may revoke (checked above): post as them, in sudo
            partner.sudo().message_post(
                body=self.env._(
                    "All links to documents sent to this customer were revoked "
                    "(%(count)s documents). New emails carry new links.",
                    count=count,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_customer_zone_send_signin_link(self):
        """Email each portal user of these customers a one-click sign-in link.

        Accounting managers only: the link signs in as the customer. It is
        sent at once, bound to no document (``_customer_zone_send_auth_mail``).
        """
        self.env["res.users"]._customer_zone_check_group(
            "account.group_account_manager"
        )
        users = self._customer_zone_portal_users().filtered("active")
        if not users:
            raise UserError(self.env._("These customers have no portal user yet."))
        template = self.env.ref("customer_zone.mail_template_signin_link")
        for user in users:
            user._customer_zone_send_auth_mail(
                template, signin_url=user._customer_zone_signin_url()
            )
        return True

    def _customer_zone_portal_users(self):
        users = self.with_context(active_test=False).user_ids
        users |= self.child_ids.with_context(active_test=False).user_ids
        return users.filtered("share")

    def action_customer_zone_reset_password(self):
        """Email each portal user of these customers a password reset link."""
        self.env["res.users"]._customer_zone_check_group(
            "account.group_account_invoice"
        )
        users = self._customer_zone_portal_users()
        if not users:
            raise UserError(self.env._("These customers have no portal user yet."))
        # core's reset is for user administrators (it writes signup_type);
        # billing users may send it to customers (checked above), in sudo.
        # Core sends it at once and deletes it, or fails and rolls back.
        users.filtered("active").sudo().action_reset_password()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "A password reset link was sent to %(users)s.",
                    users=", ".join(users.mapped("login")),
                ),
            },
        }

    def write(self, vals):
        if "customer_zone_cash_customer_id" in vals:
            # which contacts were walk-ins before this write (see the inverse)
            self = self.with_context(  # noqa: PLW0642
                customer_zone_walk_ins=tuple(
                    self.sudo().filtered("customer_zone_walk_in").ids
                )
            )
        changed = "customer_zone_access" in vals and any(
            partner.customer_zone_access != vals["customer_zone_access"]
            for partner in self
        )
        result = super().write(vals)
        self.env["res.users"]._customer_zone_forget_state(
            vals, ZONE_STATE_PARTNER_FIELDS
        )
        if changed:
            # the portal record rules read this value: recompute them now
            # (only on a real change: a cache clear reaches every worker)
            self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------------
    # who sees what: the one place that decides
    # ------------------------------------------------------------------
    def _customer_zone_document_domain(self, model_name, company=None):
        """Domain on ``model_name`` of what this customer may see in the zone.

        ``self`` is a commercial partner. The company conditions go through the
        document's own company, so a change of mode applies at once. Given a
        ``company``, the domain is the one of that company's documents (the
        caller restricts the search to them): its company conditions are
        decided here, which spares the query its sub-queries on companies.
        """
        self.ensure_one()
        if self.customer_zone_access == "blocked":
            allowed = Domain.FALSE
        elif self.customer_zone_access == "allowed":
            allowed = Domain.TRUE
        else:
            allowed = self._customer_zone_companies(
                Domain("customer_zone_default_access", "=", True), company
            )
        domain = allowed & self._customer_zone_mode_domain(model_name, company)
        if model_name == "account.move":
            # bills of a supplier who is also a customer stay as core has them
            domain |= Domain("move_type", "not in", CUSTOMER_MOVE_TYPES)
        return domain

    @api.model
    def _customer_zone_mode_domain(self, model_name, company=None):
        """What each company mode shows of ``model_name`` (bridges extend it),
        read from the pages each mode shows; of ``company``'s documents when
        it is given."""

        def showing(page):
            return self._customer_zone_company_showing(page, company)

        if model_name == "account.move":
            # posted only: an invoice reset to draft or cancelled leaves the
            # zone, whatever link its customer still holds
            return Domain("state", "=", "posted") & (
                (Domain("move_type", "in", INVOICE_MOVE_TYPES) & showing("invoices"))
                | (Domain("move_type", "=", "out_refund") & showing("credit_notes"))
            )
        if model_name == "sale.order":
            return showing("quotes") & (
                Domain("state", "in", PUBLIC_ORDER_STATES)
                | Domain("customer_zone_published", "=", True)
            )
        if model_name == "account.payment":
            return showing("payments")
        return Domain.FALSE

    @api.model
    def _customer_zone_company_showing(self, page, company=None):
        """Documents whose company's zone shows ``page`` (of ``company``'s
        documents, when it is given)."""
        modes = self.env["res.company"]._customer_zone_modes_showing(page)
        return self._customer_zone_companies(
            Domain("customer_zone_mode", "in", modes), company
        )

    @api.model
    def _customer_zone_companies(self, company_domain, company=None):
        """Documents whose company matches ``company_domain``: TRUE or FALSE
        for the documents of a given ``company``, else a sub-query on the
        companies. (The path ``company_id.<field>`` would join the company to
        the document, and PostgreSQL plans an OR of conditions across the two
        tables, which this visibility domain is, ten times slower than the
        query runs: 2-3 ms on every search the record rules apply to.)"""
        if company is not None:
            matches = company.sudo().filtered_domain(company_domain)
            return Domain.TRUE if matches else Domain.FALSE
        # sudo: which companies have a zone setting, never shown as such
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            ._search(company_domain)
        )
        return Domain("company_id", "in", companies)

    # ------------------------------------------------------------------
    # the zone of a customer, and its open items
    # ------------------------------------------------------------------
    def _customer_zone_state(self, company):
        """What the zone of this customer shows in ``company``: a ZoneState.

        ``self`` is a partner (its commercial partner's zone is returned), or
        an empty recordset for a visitor, whose zone shows nothing.
        """
        partner = self.sudo().commercial_partner_id
        company = company.sudo()
        enabled = bool(partner) and partner.with_company(company).customer_zone_enabled
        pages = company._customer_zone_pages() if enabled else frozenset()
        return ZoneState(partner=partner, company=company, pages=pages)

    def _customer_zone_family_query(self):
        """This commercial partner and its contacts, archived ones too, as a
        sub-query: the partners whose documents are its account, as the
        statement's SQL reads them. (``child_of`` would cost a query to
        resolve them in each domain it is in.)"""
        self.ensure_one()
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._search(Domain("commercial_partner_id", "=", self.id))
        )

    def _customer_zone_open_items_domain(self, company):
        """Open receivable journal items of this commercial partner in
        ``company`` (the statement's SQL states the same in
        ``customer.zone.statement``)."""
        self.ensure_one()
        return Domain(
            "partner_id", "in", self._customer_zone_family_query()
        ) & self._customer_zone_open_items_base_domain(company)

    @api.model
    def _customer_zone_open_items_base_domain(self, company):
        """Open receivable journal items in ``company``, of any partner: the
        open items domain without its partner condition (the credit figures
        add theirs, one per customer of a grouped query).

        For searches only: it states "on a receivable account" and "still
        carries an amount" in the words of the index that finds a customer's
        open items (``account_move_line.py``), custom conditions that have
        no list form; a domain that travels to the browser (an action's)
        takes ``_customer_zone_open_items_plain_domain``, the same items."""
        return (
            self._customer_zone_open_items_state_domain(company)
            & Domain.custom(to_sql=receivable_sql, predicate=receivable_filter)
            & Domain.custom(to_sql=open_amount_sql, predicate=open_amount_filter)
        )

    @api.model
    def _customer_zone_open_items_plain_domain(self, company):
        """``_customer_zone_open_items_base_domain`` in plain conditions (a
        receivable item not reconciled carries an amount: the index's
        condition changes no result, only how PostgreSQL finds them)."""
        return Domain(
            "account_id", "in", receivable_accounts(self.env)
        ) & self._customer_zone_open_items_state_domain(company)

    @api.model
    def _customer_zone_open_items_state_domain(self, company):
        """Posted, not reconciled, in ``company``: the open items' conditions
        on the items themselves."""
        return (
            Domain("parent_state", "=", "posted")
            & Domain("reconciled", "=", False)
            & Domain("company_id", "=", company.id)
        )

    # ------------------------------------------------------------------
    # ordering from the catalog
    # ------------------------------------------------------------------
    # not a commercial field: a company enables all its contacts, a contact
    # may be enabled alone (``_customer_zone_catalog_allowed``)
    customer_zone_catalog_access = fields.Boolean(
        string="Orders from the catalog",
        help="This customer (a company: all its contacts) or this contact may "
        "order from the Customer Zone catalog.",
    )

    def _customer_zone_catalog_allowed(self):
        """Whether this partner (a portal user's) may order from the zone's
        catalog: its own switch, or its commercial partner's. The zone's
        page gate ("catalog") is the controller's."""
        self.ensure_one()
        # sudo: the user's own partner and its company, one flag each
        partner = self.sudo()
        return bool(
            partner.customer_zone_catalog_access
            or partner.commercial_partner_id.customer_zone_catalog_access
        )
