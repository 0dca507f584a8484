from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _customer_zone_menu_document_key(self, document):
        """A project's or a task's page belongs to the projects."""
        if len(document) == 1 and document._name in ("project.project", "project.task"):
            return "projects"
        return super()._customer_zone_menu_document_key(document)
