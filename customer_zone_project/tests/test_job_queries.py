from odoo.tests import tagged

from .common import CustomerZoneProjectCommon


@tagged("post_install", "-at_install")
class TestJobQueries(CustomerZoneProjectCommon):
    """The lists and the home run as many queries with 2 tasks as with 20,
    on a first visit as on later ones: nothing is written per row."""

    def _counts(self, url):
        first = self._page_query_count(url)
        later = self._page_query_count(url)
        return first, later

    def _assert_constant(self, url, project):
        self.authenticate("cz_alpha", "cz_alpha")
        self._page_query_count(url)  # the page's caches (templates, rules)
        self._task(project, "Job 1")
        small = self._counts(url)
        for number in range(2, 20):
            self._task(project, f"Job {number}", partner=self.alpha_buyer)
        large = self._counts(url)
        self.assertEqual(large, small, f"{url}: (first, later) at 2 and at 20")
        # the home's first visit after a new task computes its summary and
        # keeps it (customer.zone.summary.snapshot): a fixed two queries
        self.assertEqual(
            small[0],
            small[1] + self._first_visit_extra(url),
            f"{url}: the first visit writes nothing",
        )

    def test_task_list(self):
        self._assert_constant("/my/tasks", self.project_a)

    def test_project_page(self):
        self._assert_constant(f"/my/projects/{self.project_a.id}", self.project_a)

    def test_project_list(self):
        other = self._project(self.alpha, "Alpha second site")
        self._assert_constant("/my/projects", other)

    def test_home(self):
        self._assert_constant("/my/home", self.project_a)
