from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneProjectCommon


@tagged("post_install", "-at_install")
class TestJobsInZone(CustomerZoneProjectCommon):
    """Who sees which project and task, over HTTP and JSON-RPC."""

    def _assert_sees(self, login, projects, tasks):
        self.authenticate(login, login)
        listed = self._get("/my/projects")
        self.assertEqual(listed.status_code, 200)
        task_list = self._get("/my/tasks")
        self.assertEqual(task_list.status_code, 200)
        for project in self.project_a | self.project_b:
            self.assertEqual(
                f"/my/projects/{project.id}" in listed.text, project in projects
            )
        for task in self.task_a | self.task_b:
            self.assertEqual(task.name in task_list.text, task in tasks)
        found = self._call_kw("project.project", "search_read", [[], ["name"]])
        self.assertEqual({row["id"] for row in found}, set(projects.ids))
        found = self._call_kw("project.task", "search_read", [[], ["name"]])
        self.assertEqual({row["id"] for row in found}, set(tasks.ids))

    def test_owner_and_its_contact_see_their_jobs(self):
        for login in ("cz_alpha", "cz_alpha_buyer"):
            with self.subTest(login=login):
                self._assert_sees(login, self.project_a, self.task_a)
                page = self._get(f"/my/projects/{self.project_a.id}")
                self.assertEqual(page.status_code, 200)
                self.assertIn("Alpha racking", page.text)
                page = self._get(f"/my/tasks/{self.task_a.id}")
                self.assertEqual(page.status_code, 200)
                self.assertIn("Alpha racking", page.text)
                url = f"/my/projects/{self.project_a.id}/task/{self.task_a.id}"
                self.assertEqual(self._get(url).status_code, 200)

    def test_another_customer_never_sees_them(self):
        self._assert_sees("cz_beta", self.project_b, self.task_b)
        for url in (
            f"/my/projects/{self.project_a.id}",
            f"/my/tasks/{self.task_a.id}",
            f"/my/projects/{self.project_a.id}/task/{self.task_a.id}",
            f"/my/projects/{self.project_b.id}/task/{self.task_a.id}",
        ):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 303)
                self.assertNotIn("Alpha racking", response.text)
        with mute_logger("odoo.http"):
            for url in (
                f"/my/projects/{self.project_a.id}/task/{self.task_a.id}/subtasks",
                f"/my/projects/{self.project_a.id}/task/{self.task_a.id}/recurrent_tasks",
            ):
                with self.subTest(url=url):
                    self.assertEqual(self._get(url).status_code, 404)
            # project sharing is core's: "forbidden" for a project it may
            # not read
            url = f"/my/projects/{self.project_a.id}/project_sharing"
            self.assertEqual(self._get(url).status_code, 403)
            with self.assertRaises(JsonRpcException):
                self._call_kw("project.task", "read", [self.task_a.ids, ["name"]])
            with self.assertRaises(JsonRpcException):
                self._call_kw("project.project", "read", [self.project_a.ids, ["name"]])

    def test_portal_users_write_nothing_over_rpc(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            for model, record in (
                ("project.task", self.task_a),
                ("project.project", self.project_a),
                ("project.task", self.task_b),
            ):
                with self.subTest(model=model, record=record.id):
                    with self.assertRaises(JsonRpcException):
                        self._call_kw(model, "write", [record.ids, {"name": "Hacked"}])
        self.assertEqual(self.task_a.name, "Alpha racking")
        self.assertEqual(self.project_a.name, "Alpha fit-out")
        self.assertEqual(self.task_b.name, "Beta ovens")

    def test_a_task_of_the_customer_in_a_shared_project(self):
        """A task is its customer's: in a shown project of another customer
        (or of none), Alpha sees its own task and not the rest."""
        shared = self._project(False, "Shared support")
        own = self._task(shared, "Alpha's support call", partner=self.alpha_buyer)
        self._task(shared, "Beta's support call", partner=self.beta)
        own_in_b = self._task(self.project_b, "Alpha's job at Beta", partner=self.alpha)
        self._assert_sees("cz_alpha", self.project_a, self.task_a | own | own_in_b)

    def test_task_without_customer_is_its_project_customer(self):
        orphan = self._task(self.project_a, "No customer on it", partner=False)
        self.assertFalse(orphan.partner_id)
        self._assert_sees("cz_alpha", self.project_a, self.task_a | orphan)

    def test_the_accountant_decides_per_project(self):
        self.project_a.customer_zone_shown = False
        self._assert_sees(
            "cz_alpha", self.env["project.project"], self.env["project.task"]
        )
        self.assertEqual(
            self._get(f"/my/projects/{self.project_a.id}").status_code, 303
        )
        self.project_a.customer_zone_shown = True
        self.project_a.privacy_visibility = "employees"
        self._assert_sees(
            "cz_alpha", self.env["project.project"], self.env["project.task"]
        )

    def test_jobs_follow_the_zone(self):
        """The zone's grant obeys the customer's switch and the company's
        mode; the pages stay project's (a collaborator whose own zone is off
        keeps them), listing nothing by the customer relation."""
        for setting in ("blocked", "invoices", "off"):
            with self.subTest(setting=setting):
                self.alpha.customer_zone_access = "default"
                self.company.customer_zone_mode = "account"
                if setting == "blocked":
                    self.alpha.customer_zone_access = "blocked"
                else:
                    self.company.customer_zone_mode = setting
                self._assert_sees(
                    "cz_alpha", self.env["project.project"], self.env["project.task"]
                )
                counters = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["project_count", "task_count"]}
                )
                self.assertEqual(counters, {"project_count": 0, "task_count": 0})
                self.assertNotIn(
                    "o_customer_zone_open_jobs", self._get("/my/home").text
                )
                for url in (
                    f"/my/projects/{self.project_a.id}",
                    f"/my/tasks/{self.task_a.id}",
                ):
                    self.assertEqual(self._get(url).status_code, 303, url)

    def test_projects_without_company_follow_the_user_company(self):
        self.project_a.company_id = False
        self.assertFalse(self.task_a.company_id)
        self._assert_sees("cz_alpha", self.project_a, self.task_a)
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._call_kw("project.task", "search", [[]]), [])
        self.assertEqual(self._call_kw("project.project", "search", [[]]), [])

    def test_links_right_wrong_and_absent_token(self):
        token = self.task_a._portal_ensure_token()
        project_token = self.project_a._portal_ensure_token()
        foreign = self._task(
            self.project_a, "Beta's job in Alpha's project", partner=self.beta
        )
        self.authenticate(None, None)
        url = f"/my/tasks/{self.task_a.id}"
        for refused in (url, f"{url}?access_token=wrong", f"{url}?access_token="):
            with self.subTest(url=refused):
                self.assertEqual(self._get(refused).status_code, 303)
        page = self._get(f"{url}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        page = self._get(
            f"/my/projects/{self.project_a.id}?access_token={project_token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha racking", page.text)
        self.assertNotIn(foreign.name, page.text, "the link shows its customer's tasks")
        foreign_url = (
            f"/my/projects/{self.project_a.id}/task/{foreign.id}"
            f"?access_token={project_token}"
        )
        self.assertEqual(self._get(foreign_url).status_code, 303)
        # a link obeys the customer's zone, expires and is revoked
        self.alpha.customer_zone_access = "blocked"
        self.assertEqual(self._get(f"{url}?access_token={token}").status_code, 303)
        self.alpha.customer_zone_access = "default"
        self.task_a.customer_zone_token_expires_on = "2000-01-01 00:00:00"
        self.assertEqual(self._get(f"{url}?access_token={token}").status_code, 303)
        self.task_a.customer_zone_token_expires_on = False
        self.assertEqual(self._get(f"{url}?access_token={token}").status_code, 200)
        self.alpha.action_customer_zone_revoke_links()
        self.assertFalse(self.task_a.access_token)
        self.assertFalse(self.project_a.access_token)
        self.assertEqual(self._get(f"{url}?access_token={token}").status_code, 303)

    def test_links_of_projects_the_zone_does_not_show_are_core(self):
        """A link to a project the accountant does not show, or to its
        tasks, is core's: no expiry, whatever the customer's zone, and the
        revocation of the customer's zone links leaves it alone."""
        self.company.customer_zone_link_validity_days = 30
        self.company.customer_zone_document_links = False
        hidden = self._project(self.alpha, "Alpha back office", shown=False)
        task = self._task(hidden, "Alpha filing")
        self.alpha.customer_zone_access = "blocked"
        token = task._portal_ensure_token()
        project_token = hidden._portal_ensure_token()
        self.assertFalse(task.customer_zone_token_expires_on, "core's links")
        self.authenticate(None, None)
        url = f"/my/tasks/{task.id}?access_token={token}"
        page = self._get(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha filing", page.text)
        page = self._get(f"/my/projects/{hidden.id}?access_token={project_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha filing", page.text)
        self.assertEqual(
            self._get(f"/my/tasks/{task.id}?access_token=x").status_code, 303
        )
        self.alpha.customer_zone_access = "default"
        self.alpha.action_customer_zone_revoke_links()
        self.assertEqual(task.access_token, token)
        self.assertEqual(hidden.access_token, project_token)
        self.assertEqual(self._get(url).status_code, 200)
        # once shown in the zone, its links follow the zone's rules
        hidden.customer_zone_shown = True
        self.assertTrue(task.customer_zone_token_expires_on)
        self.assertTrue(hidden.customer_zone_token_expires_on)
        self.assertEqual(self._get(url).status_code, 303, "links are off")
        self.company.customer_zone_document_links = True
        self.assertEqual(self._get(url).status_code, 200)
        self.alpha.customer_zone_access = "blocked"
        self.assertEqual(self._get(url).status_code, 303)

    def test_project_sharing_stays_core(self):
        """Project sharing is core's: its collaborators, of this customer or
        another, whatever their own zone; anyone else "not found"."""
        self._share(self.project_a, self.alpha_buyer | self.beta)
        url = f"/my/projects/{self.project_a.id}/project_sharing"
        for login in ("cz_alpha_buyer", "cz_beta"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                self.assertEqual(self._get(url).status_code, 200)
        with mute_logger("odoo.http"):
            self.authenticate("cz_alpha", "cz_alpha")
            self.assertEqual(self._get(url).status_code, 404, "not a collaborator")
        self.company.customer_zone_mode = "off"
        self.beta.customer_zone_access = "blocked"
        for login in ("cz_alpha_buyer", "cz_beta"):
            with self.subTest(login=login, zone="off"):
                self.authenticate(login, login)
                self.assertEqual(self._get(url).status_code, 200)

    def test_open_jobs_in_the_summary_and_the_panel(self):
        self._task(self.project_a, "Second job", partner=self.alpha_buyer)
        self._task(self.project_a, "Done job", state="1_done")
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertRegex(home, r'o_customer_zone_open_jobs"[^>]*>2<')
        self.assertIn('href="/my/projects"', home, "the tile")
        self.task_a.state = "1_canceled"
        home = self._get("/my/home").text
        self.assertRegex(home, r'o_customer_zone_open_jobs"[^>]*>1<')
        self.assertEqual(self.alpha.customer_zone_open_job_count, 1)
        self.assertEqual(self.alpha_buyer.customer_zone_open_job_count, 1)
        self.assertEqual(self.beta.customer_zone_open_job_count, 1)
        self.project_a.customer_zone_shown = False
        self.alpha.invalidate_recordset()
        self.assertEqual(self.alpha.customer_zone_open_job_count, 0)
        home = self._get("/my/home").text
        self.assertRegex(home, r'o_customer_zone_open_jobs"[^>]*>0<')
        self.company.customer_zone_mode = "invoices"
        self.assertNotIn("o_customer_zone_open_jobs", self._get("/my/home").text)
