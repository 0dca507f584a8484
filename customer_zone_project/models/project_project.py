from odoo import api, fields, models, tools
from odoo.fields import Domain

# What portal users read of a project, whoever opened it to them (Odoo's
# sharing or the zone's grant), like project's PROJECT_TASK_READABLE_FIELDS
# for tasks: what its portal pages, project sharing, the chatter and the
# zone read, and none of the business's own figures and settings (analytic
# account and balance, sale order and line, alias, favourites, stages,
# rating and update settings). The description is public (portal's layout
# puts it in the page's preview tags), and so is the project manager (read
# by core's own portal test). Fields of other apps count only where
# they are installed.
PROJECT_PORTAL_READABLE_FIELDS = {
    "id",
    "display_name",
    "name",
    "description",
    "sequence",
    "active",
    "is_template",
    "partner_id",
    "user_id",
    "company_id",
    "label_tasks",
    "privacy_visibility",
    "date_start",
    "date",
    "create_date",
    "write_date",
    "task_count",
    "open_task_count",
    "closed_task_count",
    "allow_milestones",
    "allow_task_dependencies",
    "allow_recurring_tasks",
    "collaborator_count",
    "access_url",
    "access_warning",
    "message_is_follower",
    "has_message",
    "customer_zone_mine",
    "customer_zone_visible",
    # hr_timesheet, sale_project: their portal pages ask these of a project
    "allow_timesheets",
    "allow_billable",
}


class ProjectProject(models.Model):
    _name = "project.project"
    # the job mixin first: through the link mixin it overrides portal.mixin
    # and mail.thread, which project.project inherits already (see the mixin)
    _inherit = ["customer.zone.job.mixin", "project.project"]

    customer_zone_shown = fields.Boolean(
        string="Shown in the Customer Zone",
        default=False,
        copy=False,
        tracking=True,
        help="The project's customer (and its contacts) follows this project "
        "and its tasks in the Customer Zone: notes, files, open jobs in its "
        "account summary; links to it follow the zone's rules. Off by "
        "default: a project shows once the accountant decides so. Projects "
        "whose visibility keeps them to employees never show. Odoo's own "
        "sharing (followers, collaborators) works either way.",
    )

    def _customer_zone_job_project(self):
        return self

    @property
    def CUSTOMER_ZONE_PORTAL_READABLE_FIELDS(self):
        """The project fields portal users read (extend it to add one)."""
        return PROJECT_PORTAL_READABLE_FIELDS

    @api.model
    @tools.ormcache(cache="stable")
    def _customer_zone_portal_readable_fields(self):
        return frozenset(self.CUSTOMER_ZONE_PORTAL_READABLE_FIELDS)

    def _has_field_access(self, field, operation):
        """Portal users read a project's public fields only (read over
        JSON-RPC, searched, or shown by a page in their name), as project
        limits what they read of a task; their writes stay core's."""
        if not super()._has_field_access(field, operation):
            return False
        if operation == "read" and not self.env.su and self.env.user._is_portal():
            return field.name in self._customer_zone_portal_readable_fields()
        return True

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.user_id

    @api.model
    def _customer_zone_revocable_domain(self, partner):
        """The projects of ``partner`` shown in the zone."""
        shown = self.env["res.partner"]._customer_zone_shown_projects_domain()
        return Domain("partner_id", "child_of", partner.id) & shown

    def write(self, vals):
        """A project that becomes one of the zone's (the accountant shows it,
        or a shown project's visibility opens to portal users) brings its
        links, and its tasks', under the zone's rules."""
        joining = self.browse()
        if vals.get("customer_zone_shown") or "privacy_visibility" in vals:
            joining = self.filtered(
                lambda project: not project._customer_zone_is_zone_job()
            )
        result = super().write(vals)
        joining = joining.filtered(lambda project: project._customer_zone_is_zone_job())
        if joining:
            joining._customer_zone_date_existing_links()
        return result

    def _customer_zone_date_existing_links(self):
        """Links sent before the accountant showed these projects in the
        zone (core's, without end) start their validity now, as links that
        existed when the zone was installed (customer_zone's
        ``hooks.date_existing_links``): from now on they follow the zone."""
        Task = self.env["project.task"].sudo().with_context(active_test=False)
        undated = Domain("access_token", "!=", False) & Domain(
            "customer_zone_token_expires_on", "=", False
        )
        tasks = Task.search(Domain("project_id", "in", self.ids) & undated)
        projects = self.sudo().filtered_domain(undated)
        projects._customer_zone_start_token_validity()
        tasks._customer_zone_start_token_validity()
