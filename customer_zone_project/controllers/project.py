"""project's portal (/my/projects, /my/tasks and their pages) beside the
zone: whoever Odoo lets in keeps its pages (followers, collaborators,
project sharing), the zone's customers read the jobs its grant gives them,
input never becomes a server error, task pages write nothing, and a link to
one of the zone's jobs follows the zone's link rules."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.customer_zone.const import MAX_INPUT_ECHO
from odoo.addons.customer_zone.controllers.portal import (
    CustomerZonePortal,
    readonly_on_get,
    readonly_session_get,
)
from odoo.addons.customer_zone.tools import request_input
from odoo.addons.project.controllers.portal import ProjectCustomerPortal

# the models of this addon's documents
JOB_MODELS = ("project.project", "project.task")
# what portal's _get_page_view_values reads from the query string (messages
# shown on the page, the e-mail token of the chatter): nothing else is passed
PAGE_VIEW_KEYS = ("error", "warning", "success", "pid", "hash")
# project's task lists search in these besides its searchbar's inputs
DEFAULT_SEARCH_IN = ("content", "name", "all")


def _page_view_kwargs(kw):
    """The query keys a project or task page legitimately passes on: any
    other (``?project=1``, ``?values=1``) would collide with the named
    arguments of project's helpers (a server error)."""
    return {key: kw[key] for key in PAGE_VIEW_KEYS if isinstance(kw.get(key), str)}


def _iso_date(raw):
    """``raw`` as a YYYY-MM-DD string, or None when it is not a date of a
    year a period may hold (``request_input.iso_date``)."""
    day = request_input.iso_date(raw)
    return day and day.isoformat()


def _text(raw):
    """A text parameter as project may use it (None when empty)."""
    if raw is None:
        return None
    return request_input.printable(raw, MAX_INPUT_ECHO).strip() or None


class CustomerZoneProjects(CustomerZonePortal, ProjectCustomerPortal):
    """No page gate here: project's pages list and show what the user may
    read (core's rules OR the zone's grant, which obeys the zone's mode and
    switches), so a collaborator whose own zone is off keeps Odoo's project
    sharing. The zone's own additions (the open jobs of the summary) show
    where the zone shows "projects"."""

    # ------------------------------------------------------------------
    # access to a job: core's, the zone's link rules for the zone's jobs
    # ------------------------------------------------------------------
    def _document_check_access(self, model_name, document_id, access_token=None):
        """A link to one of the zone's jobs, held by someone without read
        access of their own, obeys the zone (CustomerZonePortal's check:
        links switched off, expired, the customer's zone). Anyone else is
        decided by core's check alone: the user's own access (project's
        rules or the zone's grant), or the link of a project or task the
        zone does not show."""
        if model_name not in JOB_MODELS:
            return super()._document_check_access(
                model_name, document_id, access_token=access_token
            )
        if not isinstance(access_token, str):
            access_token = None  # a JSON list or object is no token
        if self._customer_zone_link_rules_apply(model_name, document_id, access_token):
            return super()._document_check_access(
                model_name, document_id, access_token=access_token
            )
        # core's check: the one after the zone's (CustomerZonePortal's would
        # refuse a project its customer's zone does not show, a
        # collaborator's for one)
        return super(CustomerZonePortal, self)._document_check_access(
            model_name, document_id, access_token=access_token
        )

    @staticmethod
    def _customer_zone_link_rules_apply(model_name, document_id, access_token):
        if not access_token:
            return False
        document = request.env[model_name].browse([document_id]).exists()
        if not document or document.has_access("read"):
            return False
        return document.sudo()._customer_zone_is_zone_job()

    # ------------------------------------------------------------------
    # the parameters
    # ------------------------------------------------------------------
    def _customer_zone_dates(self, kw, messages):
        """The period as YYYY-MM-DD strings; both dropped, with a message,
        when one is given but is not a date (project compares them with the
        creation date in SQL)."""
        given = (kw.get("date_begin"), kw.get("date_end"))
        dates = tuple(_iso_date(raw) if raw else None for raw in given)
        if any(raw and not date for raw, date in zip(given, dates, strict=True)):
            messages.append(
                request.env._("The dates given are not valid; showing all.")
            )
            dates = (None, None)
        kw["date_begin"], kw["date_end"] = dates

    def _customer_zone_task_list_params(self, kw, messages, project=False):
        """The task list's parameters, each one dropped (with a message) when
        it is not one of the options or not well formed: project orders and
        groups by the raw key it is given (an unknown one is a server
        error)."""
        kw = dict(kw)
        options = {
            "sortby": self._task_get_searchbar_sortings(True, project),
            "groupby": self._task_get_searchbar_groupby(True, project),
        }
        for key, known in options.items():
            kw[key] = request_input.pick_option(known, kw.get(key), None, messages)
        search_in = kw.get("search_in")
        inputs = self._task_get_searchbar_inputs(True, project)
        if search_in is not None and search_in not in (*inputs, *DEFAULT_SEARCH_IN):
            kw["search_in"] = request_input.pick_option(
                inputs, search_in, "name", messages
            )
        for key in ("search", "filterby"):
            if key in kw:
                kw[key] = _text(kw[key])
        self._customer_zone_dates(kw, messages)
        if "page" in kw:
            kw["page"] = request_input.page_number(kw["page"])
        return kw

    @staticmethod
    def _customer_zone_with_messages(response, messages):
        if messages and hasattr(response, "qcontext"):
            response.qcontext["customer_zone_messages"] = messages
        return response

    # ------------------------------------------------------------------
    # lists
    # ------------------------------------------------------------------
    @http.route(readonly=readonly_on_get)
    def portal_my_projects(
        self, page=1, date_begin=None, date_end=None, sortby=None, **kw
    ):
        messages = []
        sortings = self._prepare_searchbar_sortings()
        sortby = request_input.pick_option(sortings, sortby, "name", messages)
        dates = {"date_begin": date_begin, "date_end": date_end}
        self._customer_zone_dates(dates, messages)
        response = super().portal_my_projects(
            page=request_input.page_number(page), sortby=sortby, **dates
        )
        return self._customer_zone_with_messages(response, messages)

    @http.route(readonly=readonly_on_get)
    def portal_my_tasks(self, page=1, **kw):
        messages = []
        params = self._customer_zone_task_route_params(kw, page, messages)
        response = super().portal_my_tasks(**params)
        return self._customer_zone_with_messages(response, messages)

    @http.route(readonly=readonly_on_get)
    def portal_my_project_subtasks(self, project_id, task_id, page=1, **kw):
        return self._customer_zone_task_sublist(
            super().portal_my_project_subtasks, project_id, task_id, page, kw
        )

    @http.route(readonly=readonly_on_get)
    def portal_my_project_recurrent_tasks(self, project_id, task_id, page=1, **kw):
        return self._customer_zone_task_sublist(
            super().portal_my_project_recurrent_tasks, project_id, task_id, page, kw
        )

    def _customer_zone_task_route_params(self, kw, page, messages):
        """The parameters of a task list route, read strictly: the list's
        own keys only (project's routes take no other)."""
        kw = self._customer_zone_task_list_params(dict(kw, page=page), messages)
        known = ("page", "date_begin", "date_end", "sortby", "filterby", "search")
        params = {key: kw[key] for key in known if key in kw}
        for key in ("search_in", "groupby"):
            if kw.get(key):
                params[key] = kw[key]
        return params

    def _customer_zone_task_sublist(self, route, project_id, task_id, page, kw):
        """A task's sub-tasks or recurrences: project's list, once the task is
        one of the user's in that project (else "not found": project renders
        an empty task)."""
        task = request.env["project.task"].search(
            [("project_id", "=", project_id), ("id", "=", task_id)], limit=1
        )
        if not task:
            raise request.not_found()
        messages = []
        params = self._customer_zone_task_route_params(kw, page, messages)
        response = route(project_id, task_id, **params)
        return self._customer_zone_with_messages(response, messages)

    def _prepare_tasks_values(
        self,
        page,
        date_begin,
        date_end,
        sortby,
        search,
        search_in,
        groupby,
        url="/my/tasks",
        domain=None,
        su=False,
        project=False,
    ):
        """The page of one of the zone's projects opened by its link (``su``)
        lists the tasks its customer sees, not every task of the project (a
        project the zone shows to several customers shows each its own). The
        link of any other project lists what core lists."""
        if su and project and project.sudo()._customer_zone_is_zone_job():
            customer = project.sudo()._customer_zone_partner()
            tasks = (
                customer._customer_zone_document_domain("project.task")
                if customer
                else Domain.FALSE
            )
            domain = Domain(domain or []) & tasks
        return super()._prepare_tasks_values(
            page,
            date_begin,
            date_end,
            sortby,
            search,
            search_in,
            groupby,
            url=url,
            domain=domain,
            su=su,
            project=project,
        )

    # ------------------------------------------------------------------
    # pages
    # ------------------------------------------------------------------
    @http.route(readonly=readonly_session_get)
    def portal_my_project(self, project_id=None, access_token=None, page=1, **kw):
        messages = []
        # sudo: the options of its task list only (sale_project reads
        # whether the project hides its customer); access is decided below
        project = request.env["project.project"].sudo().browse(project_id).exists()
        kw = self._customer_zone_task_list_params(
            dict(kw, page=page), messages, project=project
        )
        known = ("page", "date_begin", "date_end", "sortby", "search", "search_in")
        params = {key: kw[key] for key in known if kw.get(key) is not None}
        if kw.get("groupby"):
            params["groupby"] = kw["groupby"]
        response = super().portal_my_project(
            project_id=project_id,
            access_token=access_token if isinstance(access_token, str) else None,
            **params,
            **_page_view_kwargs(kw),
        )
        return self._customer_zone_with_messages(response, messages)

    @http.route(readonly=readonly_session_get)
    def portal_my_project_task(
        self, project_id=None, task_id=None, access_token=None, **kw
    ):
        """A task of a project page: project's, without the access token it
        writes on every file of the task at each visit, and a task of the
        project that its customer sees (a link to the project opened any).
        """
        try:
            project_sudo = self._document_check_access(
                "project.project", project_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        task_sudo = self._customer_zone_project_task(
            project_sudo, task_id, access_token
        )
        if not task_sudo:
            return request.redirect("/my")
        values = self._task_get_page_view_values(
            task_sudo, access_token, project=project_sudo, **_page_view_kwargs(kw)
        )
        values["project"] = project_sudo
        return request.render("project.portal_my_task", values)

    def _customer_zone_project_task(self, project_sudo, task_id, access_token):
        """The task ``task_id`` of the project, as the user sees it, or, by
        the project's link, among the tasks of the project (core's), those of
        the project's customer for one of the zone's projects."""
        task_id = request_input.record_id(task_id)
        if task_id is None:
            return request.env["project.task"]
        domain = Domain("project_id", "=", project_sudo.id) & Domain("id", "=", task_id)
        Task = request.env["project.task"]
        if access_token and not project_sudo._customer_zone_is_zone_job():
            # sudo: the project's link was checked (core's)
            return Task.sudo().search(domain, limit=1)
        user = request.env.user
        if access_token and not project_sudo.with_user(user).has_access("read"):
            customer = project_sudo._customer_zone_partner()
            if not customer:
                return Task
            # sudo: the project's link was checked; its customer's tasks only
            Task = Task.sudo()
            domain &= customer._customer_zone_document_domain("project.task")
        return Task.search(domain, limit=1).sudo()

    @http.route(readonly=readonly_session_get)
    def portal_my_task(
        self, task_id, report_type=None, access_token=None, project_sharing=False, **kw
    ):
        """project's task page, without its loop that writes a permanent
        access token on every file of the task at each visit: the page links
        the files with short-lived tokens (the template). Not calling super
        is deliberate, as for helpdesk's ticket page; the rest is project's.
        """
        try:
            task_sudo = self._document_check_access(
                "project.task", task_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("pdf", "html", "text"):
            try:
                return self._show_task_report(
                    task_sudo, report_type, download=kw.get("download")
                )
            except MissingError:
                raise request.not_found() from None
        if project_sharing is True:
            request.session["my_tasks_history"] = task_sudo.ids
        values = self._task_get_page_view_values(
            task_sudo, access_token, **_page_view_kwargs(kw)
        )
        return request.render("project.portal_my_task", values)
