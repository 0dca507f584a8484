import re

from odoo.tests import tagged

from .common import CustomerZoneProjectCommon


@tagged("post_install", "-at_install")
class TestKeptSummaryJobs(CustomerZoneProjectCommon):
    """The open jobs of a kept account summary (customer.zone.summary.snapshot)
    follow the tasks: a task without a customer is its project's customer's,
    and a project shown or hidden moves the tasks of every customer in it."""

    def _open_jobs(self):
        self.env.flush_all()
        home = self._get("/my/home").text
        return re.search(r'o_customer_zone_open_jobs"[^>]*>(\d+)<', home).group(1)

    def _plant_jobs(self, count):
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE customer_zone_summary_snapshot
                  SET summary = jsonb_set(summary, '{customer_zone_columns,open_jobs}',
                                          to_jsonb(%s))
                WHERE partner_id = %s""",
            [count, self.alpha.id],
        )

    def _kept_and_planted(self, jobs):
        self.assertEqual(self._open_jobs(), jobs)
        self._plant_jobs(77)
        self.assertEqual(self._open_jobs(), "77", "read from the kept row")

    def test_a_task_without_customer_closed(self):
        internal = self._task(self.project_a, "Alpha internal", partner=False)
        self.authenticate("cz_alpha", "cz_alpha")
        self._kept_and_planted("2")
        internal.state = "1_done"
        self.assertEqual(self._open_jobs(), "1")

    def test_a_task_without_customer_added(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._kept_and_planted("1")
        self._task(self.project_a, "Alpha internal", partner=False)
        self.assertEqual(self._open_jobs(), "2")

    def test_a_project_hidden(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._kept_and_planted("1")
        self.project_a.customer_zone_shown = False
        self.assertEqual(self._open_jobs(), "0")
