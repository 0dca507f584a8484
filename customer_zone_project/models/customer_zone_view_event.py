from odoo import api, fields, models

# the view target of each job model
JOB_TARGETS = {"project.project": "project", "project.task": "task"}


class CustomerZoneViewEvent(models.Model):
    """Project and task pages are views too (the customer followed its job)."""

    _inherit = "customer.zone.view.event"

    target = fields.Selection(
        selection_add=[("project", "Project"), ("task", "Task")],
        ondelete={"project": "cascade", "task": "cascade"},
    )

    @api.model
    def _document_target(self, document):
        if document._name in JOB_TARGETS:
            if not self._customer_zone_is_customer_view(document):
                return None
            return JOB_TARGETS[document._name]
        return super()._document_target(document)

    @api.model
    def _customer_zone_is_customer_view(self, job):
        """Whether this page of ``job`` is its customer's view: the job is
        one its customer's zone shows, opened by one of the customer's users
        or by its link. Core also opens projects and tasks to followers and
        collaborators of other customers: their visits are core's sharing,
        not the customer's views."""
        job = job.sudo()
        if not job.customer_zone_visible:
            return False
        if self._by_link(job):
            return True
        return (
            self.env.user.sudo().commercial_partner_id == job._customer_zone_partner()
        )
