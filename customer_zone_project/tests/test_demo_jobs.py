from odoo.tests import tagged

from odoo.addons.customer_zone.tests.common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestDemoJobs(CustomerZoneHttpCommon):
    """The demo: Acme follows its warehouse fit-out; Bluebird's kitchen refit
    is not shown in the zone."""

    def test_acme_sees_its_project_tasks(self):
        project = self.env.ref("customer_zone_project.project_acme_fit_out_demo")
        hidden = self.env.ref("customer_zone_project.project_bluebird_kitchen_demo")
        self.authenticate("acme", "acme")
        home = self.url_open("/my/home").text
        self.assertRegex(home, r'o_customer_zone_open_jobs"[^>]*>3<')
        projects = self.url_open("/my/projects").text
        self.assertIn("Acme warehouse fit-out", projects)
        self.assertNotIn(hidden.name, projects)
        tasks = self.url_open("/my/tasks").text
        for task in project.task_ids:
            self.assertIn(task.name, tasks)
        racking = self.env.ref("customer_zone_project.task_acme_racking_demo")
        page = self.url_open(f"/my/tasks/{racking.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pallet racking installation", page.text)
        self.assertIn(f'data-res_id="{racking.id}"', page.text, "the chatter")

    def test_bluebird_sees_no_project(self):
        hidden = self.env.ref("customer_zone_project.task_bluebird_ovens_demo")
        self.authenticate("bluebird", "bluebird")
        self.assertNotIn(hidden.name, self.url_open("/my/tasks").text)
        response = self.url_open(f"/my/tasks/{hidden.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
