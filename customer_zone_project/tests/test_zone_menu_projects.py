from odoo.tests import tagged

from odoo.addons.customer_zone.tests.test_empty_states import empty_state
from odoo.addons.customer_zone.tests.test_zone_menu import menu_of

from .common import CustomerZoneProjectCommon


@tagged("post_install", "-at_install")
class TestZoneMenuProjects(CustomerZoneProjectCommon):
    """The projects in the zone's section menu, and the empty list."""

    def test_projects_entry(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in (
            "/my/projects",
            f"/my/projects/{self.project_a.id}",
            f"/my/tasks/{self.task_a.id}",
        ):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                keys, current = menu_of(response.text)
                self.assertIn("projects", keys)
                self.assertEqual(current, ["projects"])
        self.company.customer_zone_mode = "invoices"
        keys, _current = menu_of(self._get("/my/home").text)
        self.assertNotIn("projects", keys)

    def test_no_projects(self):
        self.project_b.customer_zone_shown = False
        self.authenticate("cz_beta", "cz_beta")
        page = self._get("/my/projects").text
        self.assertIn("No project of yours is shared here yet.", empty_state(page))
        self.assertNotIn("There are no projects.", page)
