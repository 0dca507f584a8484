"""What a review of the zone's grant found, each closed: a customer made
itself a follower (core's access, for good), GET pages wrote tokens, files
went round the size limit, the business's figures of a project were
readable, and a task moved into a shown project kept a link without end."""

import json

from odoo import http
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneProjectCommon

MEGABYTE = 1024 * 1024


@tagged("post_install", "-at_install")
class TestJobFollowing(CustomerZoneProjectCommon):
    """The zone's grant reads a job; it never makes the customer a
    follower, which would open the job under core's rules for good."""

    def _follows(self, job, partner):
        self.env.invalidate_all()
        return partner in job.sudo().message_partner_ids

    def _hide_and_block(self):
        self.project_a.customer_zone_shown = False
        self.alpha.customer_zone_access = "blocked"
        self.env.flush_all()

    def test_json_rpc_self_subscription_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            for job in (self.project_a, self.task_a):
                for method, kwargs in (
                    ("message_subscribe", {"partner_ids": [self.alpha.id]}),
                    (
                        "message_post",
                        {
                            "body": "follow me",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                            "partner_ids": [self.alpha.id],
                            "context": {"mail_post_autofollow": True},
                        },
                    ),
                ):
                    with self.assertRaises(JsonRpcException, msg=method):
                        self._call_kw(job._name, method, [job.ids], kwargs)
                    self.assertFalse(self._follows(job, self.alpha), method)
            with self.assertRaises(JsonRpcException):
                self._call_kw(
                    "project.task",
                    "project_sharing_toggle_is_follower",
                    [self.task_a.ids],
                )
        self.assertFalse(self._follows(self.task_a, self.alpha))
        self._hide_and_block()
        self.assertFalse(self._call_kw("project.task", "search_read", [[], ["name"]]))
        self.assertFalse(
            self._call_kw("project.project", "search_read", [[], ["name"]])
        )

    def test_http_self_subscription_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            for job in (self.project_a, self.task_a):
                with self.assertRaises(JsonRpcException):
                    self.make_jsonrpc_request(
                        "/mail/thread/subscribe",
                        {
                            "res_model": job._name,
                            "res_id": job.id,
                            "partner_ids": [self.alpha.id],
                        },
                    )
                self.assertFalse(self._follows(job, self.alpha))
        # the chatter's post, recipients and autofollow asked: posted, the
        # customer not made a follower
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "project.task",
                "thread_id": self.task_a.id,
                "post_data": {
                    "body": "Is Tuesday fine?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    "partner_ids": [self.alpha.id],
                },
                "context": {"mail_post_autofollow": True},
            },
        )
        self.assertIn("Tuesday", str(self.task_a.message_ids[:1].body))
        self.assertFalse(self._follows(self.task_a, self.alpha))
        self.assertIn(self.manager.partner_id, self.task_a.message_partner_ids)
        self._hide_and_block()
        self.assertEqual(self._get(f"/my/tasks/{self.task_a.id}").status_code, 303)

    def test_core_sharing_kept_an_editor_follows(self):
        """A collaborator who edits the project (Odoo's sharing) still
        follows its tasks with project's button."""
        self._share(self.project_a, self.beta, access_mode="edit")
        self.authenticate("cz_beta", "cz_beta")
        for _turn in range(2):
            was = self._follows(self.task_a, self.beta)
            followed = self._call_kw(
                "project.task", "project_sharing_toggle_is_follower", [self.task_a.ids]
            )
            self.assertEqual(followed, not was)
            self.assertEqual(self._follows(self.task_a, self.beta), followed)


@tagged("post_install", "-at_install")
class TestJobPagesWriteNothing(CustomerZoneProjectCommon):
    """The previous / next links of project's pages are the zone's session
    links: no token minted on a neighbour, a revoked one stays revoked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_zone_document_links = True
        cls.company.customer_zone_link_validity_days = 30

    def _links(self, records):
        self.env.invalidate_all()
        return [
            (record.access_token, record.customer_zone_token_expires_on)
            for record in records.sudo()
        ]

    def test_project_page_after_the_list(self):
        other = self._project(self.alpha, "Alpha second site")
        (self.project_a | other).write(
            {"access_token": False, "customer_zone_token_expires_on": False}
        )
        self.env.flush_all()
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/projects").status_code, 200)
        page = self._get(f"/my/projects/{self.project_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        self.assertEqual(self._links(self.project_a | other), [(False, False)] * 2)

    def test_task_page_after_the_list_keeps_revoked_links(self):
        second = self._task(self.project_a, "Alpha second job")
        self.alpha.action_customer_zone_revoke_links()
        self.env.flush_all()
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/tasks").status_code, 200)
        page = self._get(f"/my/tasks/{self.task_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        self.assertEqual(self._links(self.task_a | second), [(False, False)] * 2)

    def test_project_task_pages_keep_revoked_links(self):
        second = self._task(self.project_a, "Alpha second job")
        self.alpha.action_customer_zone_revoke_links()
        self.env.flush_all()
        self.authenticate("cz_alpha", "cz_alpha")
        base = f"/my/projects/{self.project_a.id}"
        self.assertEqual(self._get(base).status_code, 200)
        for task in (self.task_a, second):
            page = self._get(f"{base}/task/{task.id}")
            self.assertEqual(page.status_code, 200)
            self.assertIn(task.name, page.text)
        self.assertEqual(self._links(self.project_a), [(False, False)])
        self.assertEqual(self._links(self.task_a | second), [(False, False)] * 2)

    def test_visitor_by_project_link_writes_no_task_link(self):
        second = self._task(self.project_a, "Alpha second job")
        (self.task_a | second).write(
            {"access_token": False, "customer_zone_token_expires_on": False}
        )
        token = self.project_a._portal_ensure_token()
        self.env.flush_all()
        before = self._links(self.project_a)
        self.authenticate(None, None)
        base = f"/my/projects/{self.project_a.id}"
        self.assertEqual(self._get(f"{base}?access_token={token}").status_code, 200)
        page = self._get(f"{base}/task/{self.task_a.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        self.assertEqual(self._links(self.task_a | second), [(False, False)] * 2)
        self.assertEqual(self._links(self.project_a), before)


@tagged("post_install", "-at_install")
class TestJobFileLimit(CustomerZoneProjectCommon):
    """The zone's size limit holds for a file uploaded to another document
    of the customer and then attached to a note on a task."""

    def _pending_upload(self, model, res_id, content, name="big.pdf"):
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "is_pending": "true",
                "thread_id": res_id,
                "thread_model": model,
            },
            files={"ufile": (name, content, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)["data"]

    def _post_with(self, data):
        tokens = [
            attachment.get("ownership_token")
            for attachment in data["store_data"].get("ir.attachment", [])
        ]
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "project.task",
                "thread_id": self.task_a.id,
                "post_data": {
                    "body": "here is the file",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    "attachment_ids": [data["attachment_id"]],
                    "attachment_tokens": tokens,
                },
            },
        )

    def test_big_file_from_an_invoice_is_refused_on_a_task(self):
        self.company.customer_zone_attachment_max_mb = 1
        invoice = self._invoice(self.alpha, 100, "2025-01-10")
        self.authenticate("cz_alpha", "cz_alpha")
        data = self._pending_upload("account.move", invoice.id, b"x" * (2 * MEGABYTE))
        messages = self.task_a.message_ids
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "UserError"),
        ):
            self._post_with(data)
        attachment = self.env["ir.attachment"].browse(data["attachment_id"])
        self.env.invalidate_all()
        self.assertNotEqual(
            (attachment.res_model, attachment.res_id), ("project.task", self.task_a.id)
        )
        self.assertEqual(self.task_a.message_ids, messages, "nothing posted")
        self.assertIn(
            "big.pdf is too large: files added to a task may be 1 MB at most.",
            self.task_a._customer_zone_file_refusal("big.pdf", 2 * MEGABYTE),
        )

    def test_small_file_is_posted(self):
        self.company.customer_zone_attachment_max_mb = 1
        self.authenticate("cz_alpha", "cz_alpha")
        data = self._pending_upload(
            "project.task", self.task_a.id, b"%PDF-1.4 small", name="plan.pdf"
        )
        self._post_with(data)
        attachment = self.env["ir.attachment"].browse(data["attachment_id"])
        self.env.invalidate_all()
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("project.task", self.task_a.id)
        )
        self.assertEqual(self.task_a.message_ids[:1].attachment_ids, attachment)


@tagged("post_install", "-at_install")
class TestProjectPortalFields(CustomerZoneProjectCommon):
    """Portal users read a project's public fields only: the business's
    figures and settings stay with its employees."""

    INTERNAL_FIELDS = (
        "analytic_account_balance",
        "account_id",
        "sale_order_id",
        "sale_line_id",
        "alias_email",
        "alias_id",
        "favorite_user_ids",
        "tag_ids",
        "type_ids",
    )

    def test_internal_fields_refused_public_ones_read(self):
        plan = self.env["account.analytic.plan"].create({"name": "Zone plan"})
        account = self.env["account.analytic.account"].create(
            {"name": "Alpha costs", "plan_id": plan.id}
        )
        self.project_a.account_id = account
        self.env["account.analytic.line"].create(
            {"name": "internal cost", "account_id": account.id, "amount": -12345.67}
        )
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        names = [
            name for name in self.INTERNAL_FIELDS if name in self.project_a._fields
        ]
        self.assertIn("analytic_account_balance", names)
        with mute_logger("odoo.http", "odoo.models"):
            for name in names:
                with self.assertRaises(JsonRpcException, msg=name):
                    self._call_kw(
                        "project.project", "read", [self.project_a.ids, [name]]
                    )
            with self.assertRaises(JsonRpcException):
                self._call_kw(
                    "project.project",
                    "search_read",
                    [[("analytic_account_balance", "<", 0)], ["name"]],
                )
        described = self._call_kw("project.project", "fields_get", [], {})
        self.assertFalse(set(names) & set(described))
        row = self._call_kw(
            "project.project", "read", [self.project_a.ids, ["name", "task_count"]]
        )[0]
        self.assertEqual((row["name"], row["task_count"]), ("Alpha fit-out", 1))
        self.assertNotIn(
            "12345",
            json.dumps(self._call_kw("project.project", "read", [self.project_a.ids])),
        )

    def test_pages_still_render(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        for url, text in (
            ("/my/projects", "Alpha fit-out"),
            (f"/my/projects/{self.project_a.id}", "Alpha racking"),
            (
                f"/my/projects/{self.project_a.id}/task/{self.task_a.id}",
                "Alpha racking",
            ),
            (f"/my/tasks/{self.task_a.id}", "Alpha racking"),
            ("/my/tasks", "Alpha racking"),
        ):
            page = self._get(url)
            self.assertEqual(page.status_code, 200, url)
            self.assertIn(text, page.text, url)

    def test_core_sharing_pages_still_render(self):
        self._share(self.project_a, self.beta, access_mode="read")
        self.task_a.message_subscribe(partner_ids=self.beta.ids)
        self.authenticate("cz_beta", "cz_beta")
        page = self._get(f"/my/projects/{self.project_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        page = self._get(f"/my/tasks/{self.task_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        self._share(self.project_b, self.beta, access_mode="edit")
        page = self._get(f"/my/projects/{self.project_b.id}/project_sharing")
        self.assertEqual(page.status_code, 200)


@tagged("post_install", "-at_install")
class TestJobLinkDating(CustomerZoneProjectCommon):
    """A link that becomes one of the zone's starts its validity then."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_zone_link_validity_days = 30

    def test_task_moved_into_a_shown_project(self):
        hidden = self._project(self.alpha, "Alpha hidden", shown=False)
        task = self._task(hidden, "Moved job")
        self.assertTrue(task.access_token)
        self.assertFalse(task.customer_zone_token_expires_on, "core's link")
        task.project_id = self.project_a
        self.assertTrue(task._customer_zone_is_zone_job())
        self.assertTrue(task.customer_zone_token_expires_on)

    def test_shown_project_opened_to_portal_users(self):
        project = self._project(
            self.alpha, "Alpha internal", privacy_visibility="employees"
        )
        task = self._task(project, "Internal job")
        token = task._portal_ensure_token()
        self.assertFalse(task.customer_zone_token_expires_on, "not a zone job yet")
        project.privacy_visibility = "portal"
        self.assertEqual(task.access_token, token)
        self.assertTrue(task.customer_zone_token_expires_on)
