from odoo.tests import tagged

from .common import CustomerZoneProjectCommon


@tagged("post_install", "-at_install")
class TestJobViews(CustomerZoneProjectCommon):
    """A project's or a task's page is a view of it, as an invoice's: by its
    customer (logged in or through a link), never by another customer or an
    employee; the task's form counts them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_zone_document_links = True

    def _events(self, record):
        self.env.invalidate_all()
        return self.env["customer.zone.view.event"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_task_and_project_pages_are_views(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = f"/my/tasks/{self.task_a.id}"
        self.assertEqual(self._get(url).status_code, 200)
        self.assertEqual(self._get(url).status_code, 200)
        event = self._events(self.task_a)
        self.assertEqual(len(event), 1, "a reload in the window counts once")
        self.assertRecordValues(
            event,
            [
                {
                    "target": "task",
                    "kind": "page",
                    "access": "session",
                    "partner_id": self.alpha.id,
                    "user_id": self.user_alpha.id,
                }
            ],
        )
        self.assertEqual(
            self.task_a.with_user(self.manager).customer_zone_view_count, 1
        )
        self.assertEqual(
            self.env["project.task"].search([("customer_zone_viewed", "=", True)]),
            self.task_a,
        )
        self.assertEqual(
            self._get(f"/my/projects/{self.project_a.id}").status_code, 200
        )
        self.assertEqual(self._events(self.project_a).target, "project")

    def test_link_views(self):
        token = self.task_a._portal_ensure_token()
        self.authenticate(None, None)
        url = f"/my/tasks/{self.task_a.id}?access_token={token}"
        self.assertEqual(self._get(url).status_code, 200)
        event = self._events(self.task_a)
        self.assertEqual(
            (event.access, event.user_id, event.partner_id),
            ("link", self.env["res.users"], self.alpha),
        )

    def test_another_customer_and_an_employee_are_no_view(self):
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._get(f"/my/tasks/{self.task_a.id}").status_code, 303)
        self.authenticate("admin", "admin")
        self.assertEqual(self._get(f"/my/tasks/{self.task_a.id}").status_code, 200)
        self.assertFalse(self._events(self.task_a))
