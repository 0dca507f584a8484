from odoo import http
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneProjectCommon

MEGABYTE = 1024 * 1024


@tagged("post_install", "-at_install")
class TestJobNotes(CustomerZoneProjectCommon):
    """Customers add notes and files on their tasks; the project's people
    hear of it as core has them."""

    def _messages(self, task):
        return self.env["mail.message"].search(
            [("model", "=", "project.task"), ("res_id", "=", task.id)]
        )

    def test_customer_adds_a_note_the_manager_hears_of_it(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self._post_note(self.task_a, "Can the racking start on Tuesday?")
        message = self._messages(self.task_a).filtered(
            lambda m: "Tuesday" in str(m.body)
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.alpha_buyer)
        self.assertIn(self.manager.partner_id, self.task_a.message_partner_ids)
        self.assertIn(self.manager.partner_id, message.notification_ids.res_partner_id)
        read = self._call_kw(
            "mail.message",
            "search_read",
            [
                [("model", "=", "project.task"), ("res_id", "=", self.task_a.id)],
                ["body"],
            ],
        )
        self.assertIn("Tuesday", " ".join(row["body"] for row in read))

    def test_another_customer_cannot_post(self):
        before = self._messages(self.task_a)
        self.authenticate("cz_beta", "cz_beta")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._post_note(self.task_a, "Not my task")
        self.assertEqual(self._messages(self.task_a), before)

    def test_files_within_the_zone_limit(self):
        self.company.customer_zone_attachment_max_mb = 1
        self.authenticate("cz_alpha", "cz_alpha")
        answer = self._upload(self.task_a, b"%PDF-1.4 small")
        self.assertIn("attachment_id", answer["data"])
        Attachment = self.env["ir.attachment"]
        count = Attachment.search_count([])
        answer = self._upload(self.task_a, b"x" * (MEGABYTE + 1), name="big.pdf")
        self.assertIn("too large", answer["error"])
        self.assertIn("1 MB", answer["error"])
        self.assertEqual(Attachment.search_count([]), count, "nothing stored")

    def test_upload_to_another_customer_task_is_refused(self):
        self.authenticate("cz_beta", "cz_beta")
        count = self.env["ir.attachment"].search_count([])
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/attachment/upload",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "is_pending": "true",
                    "thread_id": self.task_a.id,
                    "thread_model": "project.task",
                },
                files={"ufile": ("a.pdf", b"%PDF", "application/pdf")},
            )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.env["ir.attachment"].search_count([]), count)

    def test_malformed_uploads_are_not_found(self):
        self.authenticate("cz_alpha", "cz_alpha")
        csrf = http.Request.csrf_token(self)
        with mute_logger("odoo.http"):
            for data in (
                {"thread_id": "abc", "thread_model": "project.task"},
                {"thread_id": str(self.task_a.id), "thread_model": "no.such.model"},
                {"thread_id": "-1", "thread_model": "project.task"},
            ):
                with self.subTest(data=data):
                    response = self.url_open(
                        "/mail/attachment/upload",
                        data={"csrf_token": csrf, **data},
                        files={"ufile": ("a.pdf", b"%PDF", "application/pdf")},
                    )
                    self.assertEqual(response.status_code, 404)
            response = self.url_open(
                "/mail/attachment/upload",
                data={
                    "csrf_token": csrf,
                    "thread_id": str(self.task_a.id),
                    "thread_model": "project.task",
                },
            )
            self.assertEqual(response.status_code, 404, "no file")
