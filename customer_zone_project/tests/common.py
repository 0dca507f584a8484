import json

from odoo import Command, http

from odoo.addons.customer_zone.tests.common import CustomerZoneHttpCommon


class CustomerZoneProjectCommon(CustomerZoneHttpCommon):
    """The zone's fixtures, with a project for Alpha and one for Beta, both
    shown in the zone, in the test's company; the project manager is the
    test's admin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env.ref("base.user_admin")
        Stage = cls.env["project.task.type"]
        cls.stage_todo = Stage.create({"name": "Zone to do", "sequence": 1})
        cls.stage_done = Stage.create({"name": "Zone done", "sequence": 9})
        cls.project_a = cls._project(cls.alpha, "Alpha fit-out")
        cls.project_b = cls._project(cls.beta, "Beta refit")
        cls.task_a = cls._task(cls.project_a, "Alpha racking")
        cls.task_b = cls._task(cls.project_b, "Beta ovens")

    @classmethod
    def _project(cls, partner, name, shown=True, **values):
        return cls.env["project.project"].create(
            {
                "name": name,
                "partner_id": partner.id if partner else False,
                "company_id": cls.company.id,
                "privacy_visibility": "portal",
                "customer_zone_shown": shown,
                "user_id": cls.manager.id,
                "type_ids": [(6, 0, (cls.stage_todo | cls.stage_done).ids)],
                **values,
            }
        )

    @classmethod
    def _task(cls, project, name, partner=None, **values):
        """A task of ``project``, of its customer unless ``partner`` is
        given (False: a task without customer)."""
        values = {"name": name, "project_id": project.id, **values}
        if partner is not None:
            values["partner_id"] = partner.id if partner else False
        return cls.env["project.task"].create(values)

    def _share(self, project, partners, access_mode="edit"):
        """Share ``project`` with ``partners`` as a project manager does,
        through core's share wizard (collaborators, followers)."""
        self.env["project.share.wizard"].create(
            {
                "res_model": "project.project",
                "res_id": project.id,
                "collaborator_ids": [
                    Command.create(
                        {"partner_id": partner.id, "access_mode": access_mode}
                    )
                    for partner in partners
                ],
            }
        )

    def _post_note(self, task, body, token=None):
        """Post a note on ``task`` as the portal chatter does (JSON-RPC)."""
        params = {
            "thread_model": "project.task",
            "thread_id": task.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        if token:
            params["token"] = token
        return self.make_jsonrpc_request("/mail/message/post", params)

    def _upload(self, task, content, name="report.pdf"):
        """Upload a file to ``task``'s chatter as the portal composer does;
        the decoded JSON answer."""
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "is_pending": "true",
                "thread_id": task.id,
                "thread_model": "project.task",
            },
            files={"ufile": (name, content, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)
