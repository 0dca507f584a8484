import html
import re

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestStatementMailing(CustomerZoneHttpCommon):
    """Statements on request, in bulk and on schedule: queued in the
    request, rendered and posted by the cron through the mail queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="cz_stmt_accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
        )
        # the log and the queue as the cron reads them
        cls.Mailing = cls.env["customer.zone.statement.mailing"].sudo()
        cls.cron = cls.env.ref("customer_zone.ir_cron_send_statement_mailings")
        today = fields.Date.today()
        cls.last_from = today + relativedelta(day=1, months=-1)
        cls.last_to = cls.last_from + relativedelta(day=31)
        cls.invoice = cls._invoice(
            cls.alpha, 321.0, cls.last_from + relativedelta(days=4)
        )
        cls.no_email = cls.env["res.partner"].create(
            {"name": "No Email Co", "is_company": True}
        )

    def _wizard(self, partners, **vals):
        vals.setdefault("date_from", self.last_from)
        vals.setdefault("date_to", self.last_to)
        return (
            self.env["customer.zone.statement.send.wizard"]
            .with_user(self.accountant)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create(vals)
        )

    def _rows(self, partners=None):
        domain = [("partner_id", "in", partners.ids)] if partners else []
        return self.Mailing.search(domain)

    def _statement_mails(self, partners):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        )

    def _statement_files(self):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search_count([("name", "=like", "Statement-%")])
        )

    def _triggers(self):
        return (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_count([("cron_id", "=", self.cron.id)])
        )

    # ------------------------------------------------------------------
    # in bulk: queued in the request, sent by the cron
    # ------------------------------------------------------------------
    def test_bulk_run_of_200_customers_is_queued_not_sent(self):
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"Bulk Customer {i:03d}",
                    "is_company": True,
                    "email": f"ap{i}@bulk.test",
                }
                for i in range(200)
            ]
        )
        mails, files, triggers = (
            self.env["mail.mail"].sudo().search_count([]),
            self._statement_files(),
            self._triggers(),
        )
        wizard = self._wizard(customers)
        self.assertEqual(wizard.send_count, 200)
        action = wizard.action_send()
        rows = self._rows(customers)
        self.assertEqual(len(rows), 200)
        self.assertEqual(set(rows.mapped("state")), {"queued"})
        self.assertEqual(set(rows.mapped("user_id")), {self.accountant})
        self.assertEqual(sorted(action["domain"][0][2]), sorted(rows.ids))
        # nothing rendered or sent inside the request: the cron is woken up
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails)
        self.assertEqual(self._statement_files(), files)
        self.assertFalse(rows.mail_message_id)
        self.assertGreater(self._triggers(), triggers)
        # the cron: a batch a run, and it wakes itself up while rows remain
        triggers = self._triggers()
        self.Mailing._cron_send_statement_mailings(batch_size=5)
        self.assertEqual(len(rows.filtered(lambda r: r.state == "sent")), 5)
        self.assertEqual(len(rows.filtered(lambda r: r.state == "queued")), 195)
        self.assertEqual(len(self._statement_mails(customers)), 5)
        self.assertGreater(self._triggers(), triggers)

    def test_cron_posts_the_pdf_with_the_zone_link_through_the_mail_queue(self):
        self._wizard(self.alpha_buyer | self.beta).action_send()
        rows = self._rows(self.alpha | self.beta)
        self.assertEqual(rows.partner_id, self.alpha | self.beta, "the customers")
        self.Mailing._cron_send_statement_mailings()
        self.assertEqual(set(rows.mapped("state")), {"sent"})
        self.assertTrue(all(rows.mapped("sent_on")))
        row = rows.filtered(lambda r: r.partner_id == self.alpha)
        message = row.mail_message_id
        # logged on the customer's chatter, with the PDF
        self.assertEqual(message.model, "res.partner")
        self.assertEqual(message.res_id, self.alpha.id)
        self.assertIn(message, self.alpha.message_ids)
        self.assertIn("statement of account", message.subject)
        filename = f"Statement-{self.last_from}-{self.last_to}.pdf"
        self.assertEqual(message.attachment_ids.mapped("name"), [filename])
        # tests render reports as HTML: the period's invoice is in the file
        content = message.attachment_ids.raw.decode()
        self.assertIn(self.invoice.name, content)
        self.assertIn("321", content)
        # the email: in the queue, to the customer, with the file and the link
        mail = self._statement_mails(self.alpha)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.alpha)
        self.assertEqual(mail.attachment_ids.mapped("name"), [filename])
        body = html.unescape(mail.body_html)
        self.assertIn(
            f"/my/statement?date_from={self.last_from}&date_to={self.last_to}", body
        )
        # the link opens the zone's statement of that period
        link = re.search(r'href="[^"]*(/my/statement\?[^"]+)"', body).group(1)
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.invoice.name, page.text)
        self.assertIn(f'value="{self.last_from}"', page.text)

    def test_customer_without_the_zone_gets_the_pdf_without_a_link(self):
        self.beta.customer_zone_access = "blocked"
        self._wizard(self.beta).action_send()
        self.Mailing._cron_send_statement_mailings()
        row = self._rows(self.beta)
        self.assertEqual(row.state, "sent")
        mail = self._statement_mails(self.beta)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertNotIn("/my/statement", mail.body_html)
        self.assertIn("statement of account", mail.body_html)

    @mute_logger("odoo.addons.customer_zone.models.customer_zone_statement_mailing")
    def test_a_failure_marks_its_row_and_the_others_go_on(self):
        template = self.env.ref("customer_zone.mail_template_statement_mailing")
        # Beta's email cannot be rendered (a field that does not exist)
        template.body_html = (
            "<div><p>Statement</p><t t-if=\"object.partner_id.name == 'Beta Zone "
            'Test Co\'" t-out="object.partner_id.no_such_field"/></div>'
        )
        self._wizard(self.alpha | self.beta).action_send()
        self.Mailing._cron_send_statement_mailings()
        alpha_row, beta_row = self._rows(self.alpha), self._rows(self.beta)
        self.assertEqual(alpha_row.state, "sent")
        self.assertEqual(beta_row.state, "failed")
        self.assertIn("no_such_field", beta_row.error)
        self.assertFalse(beta_row.mail_message_id)
        self.assertFalse(self._statement_mails(self.beta), "nothing half-sent")
        self.assertEqual(len(self._statement_mails(self.alpha)), 1)

    # ------------------------------------------------------------------
    # bad input
    # ------------------------------------------------------------------
    def test_bad_periods_are_refused_and_nothing_is_queued(self):
        today = fields.Date.today()
        cases = {
            "starts .* after it ends": {
                "date_from": today,
                "date_to": today - relativedelta(days=1),
            },
            "at most 20 years": {
                "date_from": today - relativedelta(years=50),
                "date_to": today,
            },
            "Choose the period": {"date_from": False, "date_to": today},
            "between": {
                "date_from": fields.Date.to_date("1800-01-01"),
                "date_to": fields.Date.to_date("1801-01-01"),
            },
        }
        for message, vals in cases.items():
            with self.subTest(message=message):
                wizard = self._wizard(self.alpha, **vals)
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_send()
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_print()
        self.assertFalse(self._rows())

    def test_customers_without_email_are_skipped_with_the_reason(self):
        wizard = self._wizard(self.no_email)
        self.assertEqual(wizard.skip_count, 1)
        self.assertIn("No Email Co: No email address", wizard.skipped)
        with self.assertRaisesRegex(UserError, "No statement to send"):
            wizard.action_send()
        self.assertFalse(self._rows(), "nothing queued")
        wizard = self._wizard(self.alpha | self.no_email)
        self.assertEqual((wizard.send_count, wizard.skip_count), (1, 1))
        wizard.action_send()
        self.assertEqual(self._rows(self.alpha).state, "queued")
        skipped = self._rows(self.no_email)
        self.assertEqual(skipped.state, "skipped")
        self.assertIn("No email address", skipped.error)

    def test_a_statement_already_queued_is_not_queued_twice(self):
        self._wizard(self.alpha).action_send()
        again = self._wizard(self.alpha)
        self.assertIn("already queued", again.skipped)
        with self.assertRaisesRegex(UserError, "already queued"):
            again.action_send()
        self.assertEqual(len(self._rows(self.alpha)), 1)
        # once sent, the accountant may send it again on purpose
        self.Mailing._cron_send_statement_mailings()
        self._wizard(self.alpha).action_send()
        self.assertEqual(
            sorted(self._rows(self.alpha).mapped("state")), ["queued", "sent"]
        )

    # ------------------------------------------------------------------
    # print, the form's button, access
    # ------------------------------------------------------------------
    def test_print_returns_the_report_of_the_period(self):
        action = self._wizard(self.alpha | self.beta).action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "customer_zone.report_statement")
        self.assertEqual(action["context"]["active_ids"], (self.alpha | self.beta).ids)
        self.assertEqual(
            action["data"],
            {
                "date_from": fields.Date.to_string(self.last_from),
                "date_to": fields.Date.to_string(self.last_to),
            },
        )
        html_report = (
            self.env["ir.actions.report"]
            .with_user(self.accountant)
            ._render_qweb_html(
                action["report_name"], action["context"]["active_ids"], action["data"]
            )[0]
            .decode()
        )
        self.assertIn(self.invoice.name, html_report)
        self.assertIn(self.beta.name, html_report)
        self.assertFalse(self._rows(), "printing sends nothing")

    def test_form_button_opens_the_wizard_on_the_customer(self):
        action = self.alpha_buyer.with_user(
            self.accountant
        ).action_customer_zone_send_statement()
        self.assertEqual(action["res_model"], "customer.zone.statement.send.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.accountant)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, self.alpha)
        self.assertEqual(
            (wizard.date_from, wizard.date_to), (self.last_from, self.last_to)
        )

    def test_only_accountants_send_and_read_the_log(self):
        self._wizard(self.alpha).action_send()
        salesman = new_test_user(
            self.env,
            login="cz_stmt_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        for user in (salesman, self.user_alpha):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["customer.zone.statement.send.wizard"].with_user(
                        user
                    ).create({"partner_ids": [Command.set(self.alpha.ids)]})
                with self.assertRaises(AccessError):
                    self.Mailing.with_user(user).search([])
        # accountants read the log but do not edit it
        row = self._rows(self.alpha).with_user(self.accountant)
        self.assertEqual(row.state, "queued")
        with self.assertRaises(AccessError):
            row.write({"state": "sent"})
        # another company's accountant does not see it
        other = self.env["res.company"].create({"name": "Other Zone Co"})
        outsider = new_test_user(
            self.env,
            login="cz_stmt_outsider",
            groups="base.group_user,account.group_account_invoice",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.Mailing.with_user(outsider).search([]))

    # ------------------------------------------------------------------
    # on schedule
    # ------------------------------------------------------------------
    def test_monthly_cron_queues_opted_in_customers_once_per_period(self):
        Partner = self.env["res.partner"]
        opted = Partner.create(
            {
                "name": "Monthly Co",
                "is_company": True,
                "email": "ap@monthly.test",
                "customer_zone_statement_monthly": True,
            }
        )
        # its contact shares the switch (a commercial field) but is no customer
        contact = Partner.create(
            {"name": "Monthly Buyer", "parent_id": opted.id, "email": "b@monthly.test"}
        )
        self.assertTrue(contact.customer_zone_statement_monthly)
        blocked = Partner.create(
            {
                "name": "Blocked Monthly Co",
                "email": "ap@blocked.test",
                "customer_zone_statement_monthly": True,
                "customer_zone_access": "blocked",
            }
        )
        no_email = Partner.create(
            {"name": "Silent Monthly Co", "customer_zone_statement_monthly": True}
        )
        # opted in, but no account with the company yet
        newcomer = Partner.create(
            {
                "name": "Newcomer Monthly Co",
                "email": "ap@newcomer.test",
                "customer_zone_statement_monthly": True,
            }
        )
        for partner in (contact, blocked, no_email):
            self._invoice(partner, 10.0, self.last_from)
        self.Mailing._cron_queue_monthly_statements()
        rows = self._rows(
            opted | contact | blocked | no_email | newcomer | self.alpha | self.beta
        )
        self.assertEqual(rows.partner_id, opted, "opted-in customers with a zone only")
        self.assertEqual((rows.date_from, rows.date_to), (self.last_from, self.last_to))
        self.assertEqual((rows.origin, rows.state), ("monthly", "queued"))
        self.Mailing._cron_queue_monthly_statements()
        self.assertEqual(len(self._rows(opted)), 1, "not twice while queued")
        self.Mailing._cron_send_statement_mailings()
        self.assertEqual(rows.state, "sent")
        self.assertFalse(rows.user_id)
        self.assertEqual(rows.mail_message_id.author_id, self.company.partner_id)
        self.Mailing._cron_queue_monthly_statements()
        self.assertEqual(len(self._rows(opted)), 1, "not twice once sent")
