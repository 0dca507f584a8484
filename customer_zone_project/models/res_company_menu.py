from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _customer_zone_menu_entries(self):
        """The projects the zone shows, their tasks marking it too."""
        entries = super()._customer_zone_menu_entries()
        entries.append(
            self._customer_zone_menu_entry(
                "projects",
                "projects",
                self.env._("Projects"),
                "/my/projects",
                (
                    "project",
                    "project_task",
                    "task",
                    "project_subtasks",
                    "project_recurrent_tasks",
                ),
                85,
            )
        )
        return entries
