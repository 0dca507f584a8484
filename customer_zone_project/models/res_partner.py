from odoo import api, fields, models
from odoo.fields import Domain

from .customer_zone_job_mixin import PORTAL_PRIVACY

# the zone's documents of this addon
PROJECT_MODELS = ("project.project", "project.task")


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_open_job_count = fields.Integer(
        string="Open jobs",
        compute="_compute_customer_zone_open_job_count",
        groups="account.group_account_invoice",
        help="Tasks not done or cancelled of the customer's projects shown in "
        "the Customer Zone, in the companies selected.",
    )

    def _compute_customer_zone_open_job_count(self):
        """The 360° panel's figure: one grouped query, a contact showing its
        customer's. In sudo: an accountant sees how many jobs are open
        without reading the tasks (project's own buttons open them for its
        users). A task without a customer counts for its project's."""
        customers = self.commercial_partner_id._origin
        Task = self.env["project.task"].sudo()
        family = Domain("partner_id.commercial_partner_id", "in", customers.ids)
        domain = (
            (
                family
                | (
                    Domain("partner_id", "=", False)
                    & Domain(
                        "project_id.partner_id.commercial_partner_id",
                        "in",
                        customers.ids,
                    )
                )
            )
            & Domain("project_id", "in", self._customer_zone_shown_projects())
            & Domain("is_closed", "=", False)
            & Domain("is_template", "=", False)
            & Domain("company_id", "in", [*self.env.companies.ids, False])
        )
        counts = {}
        for partner, project, count in Task._read_group(
            domain, ["partner_id", "project_id"], ["__count"]
        ):
            customer = (partner or project.partner_id).commercial_partner_id
            counts[customer] = counts.get(customer, 0) + count
        for partner in self:
            customer = partner.commercial_partner_id._origin
            partner.customer_zone_open_job_count = counts.get(customer, 0)

    # ------------------------------------------------------------------
    # who sees what
    # ------------------------------------------------------------------
    def _customer_zone_document_domain(self, model_name, company=None):
        """Projects and tasks: the zone's conditions (switch, mode) and the
        customer's own jobs (``_customer_zone_jobs_domain``).

        Core leaves a project's company empty unless it is told one (and its
        tasks then have none either): such a project follows the zone of the
        current company, the one the customer's pages are shown in."""
        if model_name not in PROJECT_MODELS:
            return super()._customer_zone_document_domain(model_name, company)
        if not self:
            return Domain.FALSE  # a job without customer shows to nobody
        jobs = self._customer_zone_jobs_domain(model_name)
        if company is not None:
            return jobs & super()._customer_zone_document_domain(
                model_name, company or self.env.company
            )
        without_company = Domain(
            "company_id", "=", False
        ) & super()._customer_zone_document_domain(model_name, self.env.company)
        return jobs & (
            super()._customer_zone_document_domain(model_name) | without_company
        )

    def _customer_zone_jobs_domain(self, model_name):
        """The projects and tasks of this commercial partner that its zone
        may show, the zone's own conditions aside.

        A project: its customer is this partner or one of its contacts, and
        the accountant shows it. A task: of a shown project, and its customer
        is this partner or a contact; a task without a customer is its
        project's customer's. So a task done for this customer in a shared
        project (shown, of another customer or of none) is this customer's,
        and the rest of that project is not."""
        self.ensure_one()
        shown = self._customer_zone_shown_projects_domain()
        if model_name == "project.project":
            return shown & Domain(
                "partner_id", "in", self._customer_zone_family_query()
            )
        # sudo: which projects are shown, never shown as such
        Project = self.env["project.project"].sudo().with_context(active_test=False)
        own_projects = Project._search(
            shown & Domain("partner_id", "in", self._customer_zone_family_query())
        )
        return (
            Domain("partner_id", "in", self._customer_zone_family_query())
            & Domain("project_id", "in", self._customer_zone_shown_projects())
        ) | (
            Domain("partner_id", "=", False) & Domain("project_id", "in", own_projects)
        )

    @api.model
    def _customer_zone_shown_projects_domain(self):
        return Domain("customer_zone_shown", "=", True) & Domain(
            "privacy_visibility", "in", PORTAL_PRIVACY
        )

    @api.model
    def _customer_zone_shown_projects(self):
        """The projects the zone shows (to their customers), as a query."""
        # sudo: which projects are shown, never shown as such
        return (
            self.env["project.project"]
            .sudo()
            .with_context(active_test=False)
            ._search(self._customer_zone_shown_projects_domain())
        )

    @api.model
    def _customer_zone_mode_domain(self, model_name, company=None):
        """Projects and tasks show where the company's zone shows projects."""
        if model_name in PROJECT_MODELS:
            return self._customer_zone_company_showing("projects", company)
        return super()._customer_zone_mode_domain(model_name, company)

    def _customer_zone_token_models(self):
        return super()._customer_zone_token_models() + list(PROJECT_MODELS)

    # ------------------------------------------------------------------
    # the account summary
    # ------------------------------------------------------------------
    def _customer_zone_open_jobs_query(self, company):
        """The open tasks of this commercial partner its zone shows in
        ``company`` (a company's, or a project's without company), as a
        query: the number in the account summary."""
        self.ensure_one()
        domain = (
            Domain("is_closed", "=", False)
            & Domain("is_template", "=", False)
            & Domain("company_id", "in", [company.id, False])
            & self.with_company(company)._customer_zone_document_domain(
                "project.task", company
            )
        )
        # sudo: this partner's tasks, filtered by the zone's own domain (the
        # one the record rules apply)
        return self.env["project.task"].sudo()._search(domain)

    def _customer_zone_open_job_count(self):
        """How many open jobs the zone of this commercial partner shows in
        the current company."""
        self.ensure_one()
        query = self._customer_zone_open_jobs_query(self.env.company)
        return self.env["project.task"].sudo().search_count(Domain("id", "in", query))
