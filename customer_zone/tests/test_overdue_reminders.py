import html
import re

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import Command, fields, http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon

TOKEN_LINK = re.compile(r'href="([^"]*access_token=[^"]*)"')


class ReminderMixin:
    """Running the schedule and reading what it did, for the test's
    customers only (the demo customers of the database get theirs too)."""

    def _queue(self):
        """The daily cron, as it runs."""
        return self.Reminder._cron_queue_overdue_reminders()

    def _rows(self, partners):
        return self.Reminder.search([("partner_id", "in", partners.ids)])

    def _send(self):
        self.Reminder._cron_send_overdue_reminders(batch_size=10000)

    def _mail(self, partner, recipient=None):
        """The reminder email queued for ``partner`` (the customer), to
        ``recipient`` (by default the customer itself): a mail of its
        reminder, not a message on the customer."""
        recipient = recipient or partner
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "customer.zone.reminder"),
                    ("res_id", "in", self._rows(partner).ids),
                    ("subject", "ilike", "overdue invoices"),
                ]
            )
            .filtered(lambda mail: recipient in mail.recipient_ids)
        )

    def _token_links(self, mail):
        return [html.unescape(url) for url in TOKEN_LINK.findall(mail.body_html)]

    def _open_as_public(self, url):
        self.authenticate(None, None)
        return self._get(re.sub(r"^https?://[^/]+", "", url))


@tagged("post_install", "-at_install")
class TestOverdueReminders(ReminderMixin, CustomerZoneHttpCommon):
    """The daily reminders of overdue invoices: who gets one, with what,
    how often, through which links; and who may read the log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_reminders": True,
                "customer_zone_reminder_first_days": 7,
                "customer_zone_reminder_interval_days": 14,
                "customer_zone_reminder_max_count": 3,
                "customer_zone_reminder_min_amount": 0.0,
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.Reminder = cls.env["customer.zone.reminder"].sudo()
        cls.today = cls.Reminder._customer_zone_today(cls.company)

        def ago(days):
            return cls.today - relativedelta(days=days)

        cls.ago = staticmethod(ago)
        # Alpha: two invoices overdue long enough (one through its buyer),
        # one overdue for 3 days only, one not due yet
        cls.alpha_old = cls._invoice(cls.alpha, 100.0, ago(40), due=ago(30))
        cls.alpha_buyer_inv = cls._invoice(cls.alpha_buyer, 50.0, ago(20), due=ago(10))
        cls.alpha_recent = cls._invoice(cls.alpha, 70.0, ago(10), due=ago(3))
        cls.alpha_not_due = cls._invoice(cls.alpha, 80.0, ago(1), due=ago(-20))
        # Beta: one overdue invoice, excluded from online payment
        cls.beta_inv = cls._invoice(cls.beta, 200.0, ago(40), due=ago(20))
        cls.beta_inv.customer_zone_allow_online_payment = False

    def _customer(self, name, **vals):
        email = f"{name.split()[0].lower()}@reminders.test"
        vals = {"name": name, "is_company": True, "email": email} | vals
        partner = self.env["res.partner"].create(vals)
        invoice = self._invoice(partner, 300.0, self.ago(40), due=self.ago(30))
        return partner, invoice

    # ------------------------------------------------------------------
    # who gets one, with what
    # ------------------------------------------------------------------
    def test_one_reminder_per_overdue_customer_and_none_twice_a_day(self):
        self._queue()
        rows = self._rows(self.alpha | self.alpha_buyer | self.beta)
        self.assertEqual(rows.partner_id, self.alpha | self.beta)
        self.assertEqual(len(rows), 2, "one reminder per customer")
        alpha = rows.filtered(lambda r: r.partner_id == self.alpha)
        # its invoices due for one, the buyer's included, in one email
        self.assertEqual(alpha.invoice_ids, self.alpha_old | self.alpha_buyer_inv)
        self.assertEqual(alpha.invoice_count, 2)
        self.assertEqual(alpha.amount, 150.0)
        self.assertEqual(
            (alpha.level, alpha.stage, alpha.state), (1, "first", "queued")
        )
        self.assertEqual(alpha.recipient_id, self.alpha)
        self.assertFalse(alpha.user_id, "queued by the schedule")
        # the excluded invoice is still owed: it gets a reminder too
        beta = rows - alpha
        self.assertEqual(beta.invoice_ids, self.beta_inv)
        # the second run of the day queues nothing
        self._queue()
        self.assertEqual(self._rows(self.alpha | self.beta), rows)
        # nor once sent
        self._send()
        self.assertEqual(set(rows.mapped("state")), {"sent"})
        self._queue()
        self.assertEqual(self._rows(self.alpha | self.beta), rows)

    def test_the_unique_index_guards_a_race(self):
        self._queue()
        row = self._rows(self.alpha)
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            with self.env.cr.savepoint():
                self.Reminder.create(
                    {
                        "partner_id": self.alpha.id,
                        "company_id": self.company.id,
                        "reminder_date": row.reminder_date,
                        "stage": "first",
                    }
                )

    def test_nothing_for_those_who_must_not_get_one(self):
        opted_out, __ = self._customer("Opted Out Co")
        opted_out.customer_zone_reminder_opt_out = True
        blocked, __ = self._customer("Blocked Zone Co", customer_zone_access="blocked")
        paid, paid_invoice = self._customer("Paid Up Co")
        self._register_payment(paid_invoice, 300.0, self.today)
        self.assertEqual(paid_invoice.payment_state, "paid")
        self._queue()
        self.assertFalse(self._rows(opted_out | blocked | paid))
        # a contact shares its customer's opt-out
        contact = self.env["res.partner"].create(
            {"name": "Contact of opted out", "parent_id": opted_out.id}
        )
        self.assertTrue(contact.customer_zone_reminder_opt_out)
        # the company's zone off: nobody, whatever the setting
        self.company.customer_zone_mode = "off"
        self._rows(self.alpha | self.beta).unlink()
        self._queue()
        self.assertFalse(self._rows(self.alpha | self.beta))
        # reminders off: nobody either
        self.company.write(
            {"customer_zone_mode": "account", "customer_zone_reminders": False}
        )
        self._queue()
        self.assertFalse(self._rows(self.alpha | self.beta))

    def test_not_yet_overdue_enough_is_left_out(self):
        self._queue()
        rows = self._rows(self.alpha)
        self.assertNotIn(self.alpha_recent, rows.invoice_ids)
        self.assertNotIn(self.alpha_not_due, rows.invoice_ids)
        # with a first reminder 2 days after the due date, it is in
        rows.unlink()
        self.company.customer_zone_reminder_first_days = 2
        self._queue()
        self.assertIn(self.alpha_recent, self._rows(self.alpha).invoice_ids)

    def test_least_amount_overdue(self):
        self.company.customer_zone_reminder_min_amount = 180.0
        self._queue()
        # alpha owes 150 of invoices due for one, beta 200
        self.assertEqual(self._rows(self.alpha | self.beta).partner_id, self.beta)

    def _history(self, invoice, *days_ago, state="sent"):
        """Reminders of ``invoice`` sent ``days_ago`` (the log is the
        history)."""
        for days in days_ago:
            self.Reminder.create(
                {
                    "partner_id": invoice.commercial_partner_id.id,
                    "company_id": self.company.id,
                    "reminder_date": self.ago(days),
                    "invoice_ids": [Command.set(invoice.ids)],
                    "state": state,
                }
            )

    def _today_rows(self, partner):
        return self._rows(partner).filtered(lambda r: r.reminder_date == self.today)

    def test_levels_spacing_and_the_most_per_invoice(self):
        # within 14 days of the last one: not yet
        self._history(self.beta_inv, 5)
        self._queue()
        self.assertFalse(self._today_rows(self.beta))
        self._rows(self.beta).unlink()
        # 15 days after the first one: the second
        self._history(self.beta_inv, 15)
        self._queue()
        row = self._today_rows(self.beta)
        self.assertEqual((row.level, row.stage), (2, "second"))
        self._rows(self.beta).unlink()
        # after two: the final one
        self._history(self.beta_inv, 30, 15)
        self._queue()
        row = self._today_rows(self.beta)
        self.assertEqual((row.level, row.stage), (3, "final"))
        self._send()
        self.assertIn("Final reminder", self._mail(self.beta).subject)
        self.assertIn("final reminder", self._mail(self.beta).body_html)
        self._rows(self.beta).unlink()
        # after three (the most): none
        self._history(self.beta_inv, 45, 30, 15)
        self._queue()
        self.assertFalse(self._today_rows(self.beta))
        self._rows(self.beta).unlink()
        # failed ones do not count: tried again
        self._history(self.beta_inv, 45, 30, 15, state="failed")
        self._queue()
        self.assertEqual(self._today_rows(self.beta).level, 1)

    def test_the_invoice_contact_and_no_email(self):
        invoice_contact = self.env["res.partner"].create(
            {
                "name": "Alpha Accounts Payable",
                "parent_id": self.alpha.id,
                "type": "invoice",
                "email": "ap@alpha.test",
            }
        )
        silent, __ = self._customer("Silent Co", email=False)
        self._queue()
        self.assertEqual(self._rows(self.alpha).recipient_id, invoice_contact)
        row = self._rows(silent)
        self.assertEqual(row.state, "skipped")
        self.assertIn("no email", row.error)
        # a skipped one spaces the next attempt too: not daily
        self._queue()
        self.assertEqual(self._rows(silent), row)
        self._send()
        mail = self._mail(self.alpha, invoice_contact)
        self.assertEqual(mail.recipient_ids, invoice_contact)
        self.assertFalse(self._mail(self.alpha), "not to the customer itself")
        self.assertEqual(self._rows(silent).state, "skipped")

    # ------------------------------------------------------------------
    # the email, its links, the log on the customer
    # ------------------------------------------------------------------
    def test_the_email_lists_the_invoices_and_links_to_them(self):
        self._queue()
        self._send()
        row = self._rows(self.alpha)
        self.assertEqual(row.state, "sent")
        self.assertTrue(row.sent_on)
        # logged on the customer's chatter, without the links
        message = row.mail_message_id
        self.assertEqual(
            (message.model, message.res_id), ("res.partner", self.alpha.id)
        )
        self.assertIn(message, self.alpha.message_ids)
        for invoice in self.alpha_old | self.alpha_buyer_inv:
            self.assertIn(invoice.name, message.body)
        self.assertIn("a@alpha.test", message.body)
        self.assertIn("150.00", message.body)
        self.assertNotIn("access_token", message.body)
        self.assertNotIn("href", message.body)
        mail = self._mail(self.alpha)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "through the mail queue")
        self.assertTrue(mail.auto_delete, "the links are not kept once sent")
        self.assertEqual(mail.recipient_ids, self.alpha, "to the customer only")
        self.assertTrue(mail.subject.startswith("Reminder: overdue invoices"))
        body = mail.body_html
        for invoice in self.alpha_old | self.alpha_buyer_inv:
            self.assertIn(invoice.name, body)
        self.assertNotIn(self.alpha_recent.name, body)
        self.assertIn("150.00", body, "the total")
        self.assertIn(">30<", body, "days overdue")
        self.assertIn("/my/outstanding", body)
        # each invoice's link opens it without logging in
        links = self._token_links(mail)
        self.assertEqual(len(links), 2)
        response = self._open_as_public(links[0])
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.alpha_old.name, response.text)
        # the excluded invoice: listed, not payable online
        beta_body = self._mail(self.beta).body_html
        self.assertIn(self.beta_inv.name, beta_body)
        self.assertIn("not payable online", beta_body)
        self.assertNotIn("not payable online", body)

    def test_links_expire_and_are_revoked(self):
        self._queue()
        self._send()
        link = self._token_links(self._mail(self.alpha))[0]
        self.assertEqual(self._open_as_public(link).status_code, 200)
        # after the link's validity: the login page
        self.alpha_old.customer_zone_token_expires_on = fields.Datetime.now() - (
            relativedelta(minutes=1)
        )
        self._assert_redirect(self._open_as_public(link), "/my")
        self.assertIn("/web/login", self.url_open("/my").url)
        # a new reminder brings a new link; revoked, it opens nothing
        self._rows(self.alpha).unlink()
        self._mail(self.alpha).unlink()
        self._queue()
        self._send()
        fresh = [
            url for url in self._token_links(self._mail(self.alpha)) if "/my/" in url
        ]
        self.assertNotIn(link, fresh)
        self.assertEqual(self._open_as_public(fresh[0]).status_code, 200)
        self.alpha.action_customer_zone_revoke_links()
        self._assert_redirect(self._open_as_public(fresh[0]), "/my")

    def test_links_off_the_email_has_the_login_link_only(self):
        self.company.customer_zone_document_links = False
        self._queue()
        self._send()
        body = self._mail(self.alpha).body_html
        self.assertNotIn("access_token", body)
        self.assertIn("/web/login?redirect=%2Fmy%2Foutstanding", body)
        self.assertIn(self.alpha_old.name, body, "the invoices still listed")
        self.assertFalse(self.alpha_old.access_token, "no link minted")

    def test_invoices_only_zone_links_to_the_invoices(self):
        self.company.customer_zone_mode = "invoices"
        self._queue()
        self._send()
        body = self._mail(self.alpha).body_html
        self.assertNotIn("/my/outstanding", body)
        self.assertIn('/my/invoices"', body)
        self.assertTrue(self._token_links(self._mail(self.alpha)))

    def test_another_companys_accountant_reads_none(self):
        self._queue()
        other = self.env["res.company"].create({"name": "Other Reminder Co"})
        accountant = self.env["res.users"].create(
            {
                "name": "Other accountant",
                "login": "cz_rem_other",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("account.group_account_invoice").id,
                        ]
                    )
                ],
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
            }
        )
        Reminder = self.env["customer.zone.reminder"].with_user(accountant)
        self.assertFalse(Reminder.search([("partner_id", "=", self.alpha.id)]))
        with self.assertRaises(AccessError):
            Reminder.browse(self._rows(self.alpha).id).read(["amount"])

    def test_what_changed_since_queued_is_skipped_when_sending(self):
        self._queue()
        self.alpha.customer_zone_reminder_opt_out = True
        self._register_payment(self.beta_inv, 200.0, self.today)
        self._send()
        alpha, beta = self._rows(self.alpha), self._rows(self.beta)
        self.assertEqual((alpha.state, beta.state), ("skipped", "skipped"))
        self.assertIn("opted out", alpha.error)
        self.assertIn("paid", beta.error)
        self.assertFalse(self._mail(self.alpha) | self._mail(self.beta))

    # ------------------------------------------------------------------
    # after the attack review of issue 15 (atkB)
    # ------------------------------------------------------------------
    def _internal_user(self, login, company, *groups):
        return self.env["res.users"].create(
            {
                "name": login,
                "login": login,
                "group_ids": [
                    Command.set(
                        [self.env.ref("base.group_user").id]
                        + [self.env.ref(group).id for group in groups]
                    )
                ],
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
            }
        )

    def _tokens_readable_by(self, user):
        """The access tokens ``user`` reads in messages and tracking values
        (an AccessError: none)."""
        found = []
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("body", "ilike", "access_token")])
        )
        found += [m.body for m in messages]
        partner_messages = (
            self.env["mail.message"]
            .with_user(user)
            .search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", (self.alpha | self.beta).ids),
                ]
            )
        )
        found += [
            str(m.body) for m in partner_messages if "access_token" in str(m.body)
        ]
        Tracking = self.env["mail.tracking.value"].with_user(user)
        if Tracking.has_access("read"):
            found += Tracking.search(
                [
                    "|",
                    ("old_value_char", "ilike", "access_token"),
                    ("new_value_char", "ilike", "access_token"),
                ]
            ).mapped("new_value_char")
        return found

    def test_no_colleague_reads_the_links(self):
        """The email's links open invoices without logging in: no employee
        of another company, nor one without invoicing rights, reads them in
        a message (the customer's chatter has a note without links)."""
        self._queue()
        self._send()
        self.assertEqual(self._rows(self.alpha).state, "sent")
        self.assertTrue(self._token_links(self._mail(self.alpha)))
        other = self.env["res.company"].create({"name": "AtkB Other Co"})
        outsider = self._internal_user("cz_rem_outsider", other)
        clerk = self._internal_user("cz_rem_clerk", self.company)
        self.assertFalse(self.alpha_old.with_user(outsider).has_access("read"))
        for user in (outsider, clerk):
            with self.subTest(user=user.login):
                self.assertFalse(self._tokens_readable_by(user))
                notes = (
                    self.env["mail.message"]
                    .with_user(user)
                    .search(
                        [("model", "=", "res.partner"), ("res_id", "=", self.alpha.id)]
                    )
                )
                self.assertIn(self._rows(self.alpha).mail_message_id, notes)

    def test_an_invoice_moved_to_another_customer_is_left_out(self):
        """Queued for Alpha; the invoice is then re-issued to Beta: Alpha's
        email lists only its own invoices, and the log says so."""
        self._queue()
        row = self._rows(self.alpha)
        self.assertIn(self.alpha_old, row.invoice_ids)
        self.alpha_old.button_draft()
        self.alpha_old.partner_id = self.beta
        self.alpha_old.action_post()
        self._send()
        self.assertEqual(row.state, "sent")
        body = self._mail(self.alpha).body_html
        self.assertNotIn(self.alpha_old.name, body, "Beta's invoice now")
        self.assertIn(self.alpha_buyer_inv.name, body)
        self.assertEqual(row.invoice_ids, self.alpha_buyer_inv)
        self.assertEqual(row.amount, 50.0)
        self.assertEqual(len(self._token_links(self._mail(self.alpha))), 1)
        # none left: skipped, with why
        self._rows(self.alpha | self.beta).unlink()
        self._queue()
        row = self._rows(self.alpha)
        self.alpha_buyer_inv.button_draft()
        self._send()
        self.assertEqual(row.state, "skipped")
        self.assertIn("no longer overdue invoices of this customer", row.error)

    def test_a_contact_moved_to_another_customer_gets_nothing(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Alpha AP (moving)",
                "parent_id": self.alpha.id,
                "type": "invoice",
                "email": "ap-moving@alpha.test",
            }
        )
        self._queue()
        row = self._rows(self.alpha)
        self.assertEqual(row.recipient_id, contact)
        contact.write({"parent_id": self.beta.id, "email": "ap@beta.test"})
        self._send()
        self.assertEqual(row.recipient_id, self.alpha, "worked out again")
        mails = self._mail(self.alpha)
        self.assertEqual(mails.recipient_ids, self.alpha)
        self.assertFalse(self._mail(self.alpha, contact))
        # no contact of the customer left with an address: skipped
        self._rows(self.alpha | self.beta).unlink()
        mails.unlink()
        self._queue()
        self.alpha.email = False
        self.alpha_buyer.email = False
        self._send()
        self.assertEqual(self._rows(self.alpha).state, "skipped")
        self.assertFalse(self._mail(self.alpha, contact))

    def test_one_today_whatever_the_time_zone(self):
        """The schedule and an accountant's "queue now" in time zones a day
        apart, minutes apart: one reminder."""
        self.company.customer_zone_reminder_interval_days = 1
        behind = self.Reminder.with_context(tz="Pacific/Pago_Pago")  # UTC-11
        ahead = self.Reminder.with_context(tz="Pacific/Kiritimati")  # UTC+14
        behind._cron_queue_overdue_reminders()
        behind._cron_send_overdue_reminders(batch_size=10000)
        ahead._cron_queue_overdue_reminders()
        rows = self._rows(self.alpha)
        self.assertEqual(len(rows), 1, "not reminded twice")
        self.assertEqual(rows.reminder_date, self.today)

    def test_the_reminder_renews_a_link_about_to_expire(self):
        """A link issued by an earlier email that expires tomorrow: the
        reminder carries it valid for the days Settings give from now."""
        token = self.alpha_old._portal_ensure_token()
        self.alpha_old.customer_zone_token_expires_on = (
            fields.Datetime.now() + relativedelta(days=1)
        )
        self._queue()
        self._send()
        links = [
            url
            for url in self._token_links(self._mail(self.alpha))
            if f"/my/invoices/{self.alpha_old.id}?" in url
        ]
        self.assertEqual(len(links), 1)
        self.assertIn(token, links[0], "the same link, renewed")
        delay = self.alpha_old.customer_zone_token_expires_on - fields.Datetime.now()
        self.assertAlmostEqual(delay.days, 29, delta=1)
        self.assertEqual(self._open_as_public(links[0]).status_code, 200)

    def test_another_companys_reminder_wears_its_identity(self):
        company_a = self.company
        company_b = self.env["res.company"].search(
            [("chart_template", "!=", False), ("id", "!=", company_a.id)], limit=1
        )
        if not company_b:
            self.skipTest("no second company with a chart")
        company_a.customer_zone_reminders = False
        for company in company_a | company_b:
            company.write(
                {
                    "customer_zone_mode": "account",
                    "customer_zone_default_access": True,
                    "customer_zone_document_links": True,
                    "customer_zone_reminder_min_amount": 0.0,
                    "customer_zone_reminder_first_days": 7,
                    "email": f"office@{company.id}.test",
                    "phone": f"+1 555 000 {company.id}",
                }
            )
        company_b.customer_zone_reminders = True
        today = self.Reminder._customer_zone_today(company_b)
        invoice = self._invoice(
            self.alpha,
            100.0,
            today - relativedelta(days=40),
            due=today - relativedelta(days=30),
            company=company_b,
            currency=company_b.currency_id,
        )
        self._queue()
        row = self._rows(self.alpha)
        self.assertEqual(row.company_id, company_b)
        self._send()
        self.assertEqual(row.state, "sent", row.error)
        mail = self._mail(self.alpha)
        self.assertEqual(len(mail), 1)
        self.assertIn(invoice.name, mail.body_html)
        self.assertIn(company_b.phone, mail.body_html, "B's footer")
        self.assertNotIn(company_a.phone, mail.body_html)
        self.assertEqual(mail.email_from, company_b.email_formatted)
        self.assertEqual(mail.record_company_id, company_b)
        self.assertEqual(mail.record_alias_domain_id, company_b.alias_domain_id)

    # ------------------------------------------------------------------
    # settings, the accountant's button, who may read the log
    # ------------------------------------------------------------------
    def test_settings_bounds(self):
        for field, value in (
            ("customer_zone_reminder_first_days", -1),
            ("customer_zone_reminder_interval_days", 0),
            ("customer_zone_reminder_max_count", 0),
            ("customer_zone_reminder_max_count", 11),
            ("customer_zone_reminder_min_amount", -5.0),
        ):
            with self.subTest(field=field, value=value):
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    self.company.write({field: value})
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.customer_zone_reminders)
        self.assertEqual(settings.customer_zone_reminder_interval_days, 14)

    def test_accountant_queues_now_and_reads_the_log(self):
        accountant = self.env["res.users"].create(
            {
                "name": "Reminder accountant",
                "login": "cz_rem_accountant",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("account.group_account_invoice").id,
                        ]
                    )
                ],
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        Reminder = self.env["customer.zone.reminder"].with_user(accountant)
        Reminder.action_customer_zone_queue_now()
        rows = Reminder.search([("partner_id", "in", (self.alpha | self.beta).ids)])
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows.user_id, accountant)
        with self.assertRaises(AccessError):
            rows.write({"state": "sent"})
        with self.assertRaises(AccessError):
            self.env["customer.zone.reminder"].with_user(
                self.user_alpha
            ).action_customer_zone_queue_now()

    @mute_logger("odoo.http")
    def test_portal_users_read_nothing_and_cannot_opt_out_by_rpc(self):
        self._queue()
        row = self._rows(self.alpha)
        with self.assertRaises(AccessError):
            self.env["customer.zone.reminder"].with_user(self.user_alpha).browse(
                row.id
            ).read(["amount"])
        self.authenticate("cz_alpha", "cz_alpha")
        for method, args in (
            ("search_read", [[]]),
            ("read", [row.ids, ["amount"]]),
            ("action_customer_zone_queue_now", [[]]),
            ("_cron_queue_overdue_reminders", []),
        ):
            with self.subTest(method=method):
                with self.assertRaises(JsonRpcException):
                    self._call_kw("customer.zone.reminder", method, args)
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.partner",
                "write",
                [self.alpha.ids, {"customer_zone_reminder_opt_out": True}],
            )
        self.alpha.invalidate_recordset()
        self.assertFalse(self.alpha.customer_zone_reminder_opt_out)
        # nor through /my/details while the business does not list it there
        self._post_details({"customer_zone_reminder_opt_out": "on"})
        self.alpha.invalidate_recordset()
        self.assertFalse(self.alpha.customer_zone_reminder_opt_out)
        self.assertEqual(self._rows(self.alpha).state, "queued")

    def test_customer_opts_out_from_my_details_when_listed(self):
        self.env["customer.zone.detail.field"].create(
            {
                "company_id": self.company.id,
                "field_id": self.env["ir.model.fields"]
                ._get("res.partner", "customer_zone_reminder_opt_out")
                .id,
                "editable": True,
            }
        )
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self.url_open("/my/details")
        self.assertIn('name="customer_zone_reminder_opt_out"', page.text)
        self._post_details({"customer_zone_reminder_opt_out": "on"})
        self.alpha.invalidate_recordset()
        self.assertTrue(self.alpha.customer_zone_reminder_opt_out, "the customer's")
        self.assertTrue(
            self.alpha.message_ids.filtered(
                lambda m: "No overdue reminders" in (m.body or "")
            ),
            "the change is logged on the customer",
        )
        self._queue()
        self.assertFalse(self._rows(self.alpha))

    def _post_details(self, data):
        response = self.url_open(
            "/my/details", data=dict(data, csrf_token=http.Request.csrf_token(self))
        )
        self.assertEqual(response.status_code, 200)
        return response


@tagged("post_install", "-at_install")
class TestOverdueRemindersDemo(ReminderMixin, CustomerZoneHttpCommon):
    """The demo: reminders on, a reminder for an overdue demo invoice is
    queued with a working link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Reminder = cls.env["customer.zone.reminder"].sudo()
        cls.acme = cls.env.ref("customer_zone.partner_acme_demo")
        cls.delta = cls.env.ref("customer_zone.partner_delta_demo")
        cls.main_company = cls.env.ref("base.main_company")

    def test_demo_reminder_is_queued_with_a_working_link(self):
        self.assertTrue(self.main_company.customer_zone_reminders)
        self.assertFalse(self._rows(self.acme), "nothing queued at install")
        self._queue()
        row = self._rows(self.acme)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.state, "queued")
        today = fields.Date.context_today(self.Reminder)
        self.assertTrue(
            all(d < today for d in row.invoice_ids.mapped("invoice_date_due"))
        )
        # Delta's zone is off: no reminder
        self.assertFalse(self._rows(self.delta))
        self._send()
        self.assertEqual(row.state, "sent")
        links = self._token_links(self._mail(self.acme))
        self.assertTrue(links)
        response = self._open_as_public(links[0])
        self.assertEqual(response.status_code, 200)
        self.assertIn(row.invoice_ids.sorted("invoice_date_due")[0].name, response.text)
