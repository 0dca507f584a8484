from odoo import api, models
from odoo.fields import Domain


class ProjectTask(models.Model):
    _name = "project.task"
    # the job mixin first: through the link mixin it overrides portal.mixin
    # and mail.thread, which project.task inherits already (see the mixin)
    _inherit = ["customer.zone.job.mixin", "project.task"]

    def _customer_zone_partner(self):
        """The task's customer, or its project's when it has none."""
        self.ensure_one()
        return (self.partner_id or self.project_id.partner_id).commercial_partner_id

    def _customer_zone_job_project(self):
        return self.project_id

    def write(self, vals):
        """A task moved into one of the zone's projects brings its link under
        the zone's rules: dated from now, like the links of a project the
        accountant shows (``project.project._customer_zone_date_existing_links``)."""
        result = super().write(vals)
        if "project_id" in vals:
            # sudo: the link's date is the zone's bookkeeping, not the user's
            moved = self.sudo().filtered("access_token")
            moved._customer_zone_start_token_validity()
        return result

    def _customer_zone_responsible(self):
        """The project's manager reads the customer's notes."""
        self.ensure_one()
        return self.project_id.user_id

    @api.model
    def _customer_zone_revocable_domain(self, partner):
        """The tasks of ``partner``'s projects shown in the zone, or done for
        it in one: a task without a customer is its project's customer's."""
        family = Domain("partner_id", "child_of", partner.id)
        orphans = Domain("partner_id", "=", False) & Domain(
            "project_id.partner_id", "child_of", partner.id
        )
        shown = self.env["res.partner"]._customer_zone_shown_projects()
        return (family | orphans) & Domain("project_id", "in", shown)
