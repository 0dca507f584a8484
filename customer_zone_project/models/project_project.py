from odoo import api, fields, models
from odoo.fields import Domain


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

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.user_id

    @api.model
    def _customer_zone_revocable_domain(self, partner):
        """The projects of ``partner`` shown in the zone."""
        shown = self.env["res.partner"]._customer_zone_shown_projects_domain()
        return Domain("partner_id", "child_of", partner.id) & shown

    def write(self, vals):
        shown_now = self.browse()
        if vals.get("customer_zone_shown"):
            shown_now = self.filtered(lambda project: not project.customer_zone_shown)
        result = super().write(vals)
        if shown_now:
            shown_now._customer_zone_date_existing_links()
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
