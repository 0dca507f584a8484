from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerZoneProjectCommon


@tagged("post_install", "-at_install")
class TestJobHardening(CustomerZoneProjectCommon):
    """project's routes are our surface: unknown options, malformed dates,
    pages and ids get a message or "not found", never a server error, and
    change nothing."""

    def _assert_listed_with_message(self, url, listed="Alpha racking"):
        with mute_logger("odoo.http"):
            response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertIn(listed, response.text, url)
        self.assertIn("o_customer_zone_message", response.text, url)

    def test_unknown_options_on_task_lists(self):
        self.authenticate("cz_alpha", "cz_alpha")
        project_url = f"/my/projects/{self.project_a.id}"
        for base in ("/my/tasks", project_url):
            for query in (
                "sortby=zz_no_such_option",
                "sortby=name%3B%20DROP%20TABLE%20project_task",
                "groupby=zz_no_such_option",
                "groupby=user_ids",
                "search_in=zz_no_such_option&search=racking",
                "date_begin=2026-13-45&date_end=2026-01-01",
                "date_begin=%C2%B2&date_end=x",
            ):
                with self.subTest(url=f"{base}?{query}"):
                    self._assert_listed_with_message(f"{base}?{query}")

    def test_malformed_values_are_ignored(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in (
            "/my/tasks?filterby=zz_no_such_option",
            f"/my/tasks?filterby={self.project_b.id}",
            "/my/tasks?page=abc",
            "/my/tasks?page=-3",
            "/my/tasks?search=racking%00",
            "/my/tasks?search=" + "x" * 5000,
            f"/my/projects/{self.project_a.id}?page=%C2%B2",
            f"/my/projects/{self.project_a.id}?values=1&session_history=1",
            f"/my/tasks/{self.task_a.id}?project=1&values=1&task=1",
            f"/my/projects/{self.project_a.id}/task/{self.task_a.id}?values=1",
            f"/my/tasks/{self.task_a.id}?access_token=",
        ):
            with self.subTest(url=url), mute_logger("odoo.http"):
                response = self._get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertNotIn("Beta ovens", response.text)

    def test_unknown_sort_on_projects(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for query in ("sortby=zz", "date_begin=nope&date_end=2026-01-01"):
            with self.subTest(query=query):
                self._assert_listed_with_message(
                    f"/my/projects?{query}", listed="Alpha fit-out"
                )

    def test_other_customers_ids_and_reports(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            for url, status in (
                (f"/my/tasks/{self.task_a.id}?report_type=pdf", 404),
                (f"/my/tasks/{self.task_b.id}?report_type=pdf", 303),
                (f"/my/projects/{self.project_a.id}/task/{self.task_b.id}", 303),
                (
                    f"/my/projects/{self.project_a.id}/task/{self.task_b.id}/subtasks",
                    404,
                ),
                (
                    f"/my/projects/{self.project_b.id}/task/{self.task_b.id}/subtasks",
                    404,
                ),
                (f"/my/projects/{self.project_a.id}/task/999999999", 303),
            ):
                with self.subTest(url=url):
                    self.assertEqual(self._get(url).status_code, status)
        self.assertEqual(self.task_b.name, "Beta ovens")
