from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneProjectCommon

MEGABYTE = 1024 * 1024


@tagged("post_install", "-at_install")
class TestCoreSharingKept(CustomerZoneProjectCommon):
    """Core's sharing kept: Odoo opens a project to its followers and
    collaborators, of any customer and whatever their own zone; the zone
    only adds its customers' access, and takes nothing away."""

    def _assert_reads(self, login, project, task):
        self.authenticate(login, login)
        self.assertIn(f"/my/projects/{project.id}", self._get("/my/projects").text)
        self.assertIn(task.name, self._get("/my/tasks").text)
        page = self._get(f"/my/tasks/{task.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(task.name, page.text)
        rows = self._call_kw("project.task", "read", [task.ids, ["name"]])
        self.assertEqual(rows[0]["name"], task.name)
        rows = self._call_kw("project.project", "read", [project.ids, ["name"]])
        self.assertEqual(rows[0]["name"], project.name)

    def test_a_follower_of_another_customer(self):
        self.project_a.message_subscribe(partner_ids=self.beta.ids)
        self.task_a.message_subscribe(partner_ids=self.beta.ids)
        self._assert_reads("cz_beta", self.project_a, self.task_a)
        self.beta.customer_zone_access = "blocked"
        self.company.customer_zone_mode = "off"
        self._assert_reads("cz_beta", self.project_a, self.task_a)

    def test_a_collaborator_of_a_project_the_zone_does_not_show(self):
        back_office = self._project(False, "Back office", shown=False)
        task = self._task(back_office, "Sort the archive")
        self._share(back_office, self.beta)
        self.beta.customer_zone_access = "blocked"
        self._assert_reads("cz_beta", back_office, task)
        url = f"/my/projects/{back_office.id}/project_sharing"
        self.assertEqual(self._get(url).status_code, 200)
        # the collaborator comments and adds files as core lets it: the
        # zone's size limit is for the zone's jobs
        self._post_note(task, "Archive sorted up to 2019")
        self.assertIn("2019", str(task.message_ids[:1].body))
        self.company.customer_zone_attachment_max_mb = 1
        answer = self._upload(task, b"x" * (MEGABYTE + 1), name="scan.pdf")
        self.assertIn("attachment_id", answer["data"])
        # and writes through project sharing, as core lets collaborators
        self._call_kw("project.task", "write", [task.ids, {"name": "Archive"}])
        self.assertEqual(task.name, "Archive")

    def test_a_collaborator_view_is_no_customer_view(self):
        """Beta's visits of Alpha's project are core's sharing: no view of
        Alpha's is recorded."""
        self.company.customer_zone_document_links = True
        self._share(self.project_a, self.beta)
        self.task_a.message_subscribe(partner_ids=self.beta.ids)
        self._assert_reads("cz_beta", self.project_a, self.task_a)
        self.env.invalidate_all()
        events = self.env["customer.zone.view.event"].search(
            [("res_model", "in", ("project.task", "project.project"))]
        )
        self.assertFalse(events)

    def test_without_any_share_another_customer_reads_nothing(self):
        other = self._project(self.alpha, "Alpha hidden", shown=False)
        task = self._task(other, "Alpha hidden task")
        self.authenticate("cz_beta", "cz_beta")
        self.assertNotIn(task.name, self._get("/my/tasks").text)
        self.assertEqual(self._get(f"/my/tasks/{task.id}").status_code, 303)
        self.assertEqual(self._get(f"/my/projects/{other.id}").status_code, 303)
        self.assertEqual(self._call_kw("project.task", "search", [[]]), self.task_b.ids)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call_kw("project.task", "read", [task.ids, ["name"]])
