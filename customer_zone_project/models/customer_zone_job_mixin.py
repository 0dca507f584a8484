from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from odoo.addons.customer_zone.models.customer_zone_link_mixin import (
    CustomerZoneLinkMixin,
)

# the project visibilities that admit portal users at all (core's portal
# rules): a project kept to employees never shows, whatever its switch
PORTAL_PRIVACY = ("invited_users", "portal")
MEGABYTE = 1024 * 1024
# where mail keeps a file uploaded before its message is posted
PENDING_MODELS = ("mail.compose.message", "mail.scheduled.message")


class CustomerZoneJobMixin(models.AbstractModel):
    """A project or a task: a document of the zone beside Odoo's own sharing.

    Odoo opens projects and tasks to portal users itself (followers,
    collaborators, project sharing, links sent by its share wizards). The
    zone only adds to that: its customers read the jobs done for them (the
    grant rules of security/ir_rules.xml, on ``customer_zone_mine``), and its
    link rules (expiry, links switched off, the customer's zone) apply to the
    zone's jobs only, the projects the accountant shows in the zone and their
    tasks (``_customer_zone_is_zone_job``). Any other project or task keeps
    core's links and chatter access untouched.

    ``customer_zone_visible`` (the zone's document mixin) answers "does the
    document's own customer see it?" when it is computed, which is what a
    link needs, and "does the current user see it?" when it is searched.
    The ORM checks the rules of records it holds with the computed value
    (``filtered_domain``), so a grant rule on it would give every portal
    user a task of any customer whose zone shows it. ``customer_zone_mine``
    answers the user's question both ways, from the same domain
    (``res.partner._customer_zone_document_domain``).

    Listed first in the models' ``_inherit``: it comes before the link mixin
    (which it includes) in the method resolution order, and before core's
    portal.mixin and mail.thread, which the link mixin overrides.
    """

    _name = "customer.zone.job.mixin"
    _inherit = ["customer.zone.link.mixin", "customer.zone.viewed.mixin"]
    _description = "Customer Zone: project or task"

    customer_zone_mine = fields.Boolean(
        string="Of my customer in the Customer Zone",
        compute="_compute_customer_zone_mine",
        search="_search_customer_zone_mine",
        help="Whether the current user's customer sees this record in the zone.",
    )

    @api.depends_context("uid")
    def _compute_customer_zone_mine(self):
        user = self.env.user
        if not user.share:
            mine = self
        else:
            partner = user.sudo().commercial_partner_id
            domain = partner._customer_zone_document_domain(self._name)
            mine = self.sudo().with_context(active_test=False).filtered_domain(domain)
        for record in self:
            record.customer_zone_mine = record in mine

    def _search_customer_zone_mine(self, operator, value):
        return self._search_customer_zone_visible(operator, value)

    # ------------------------------------------------------------------
    # which jobs are the zone's
    # ------------------------------------------------------------------
    def _customer_zone_job_project(self):
        """The project that decides whether this job is the zone's."""
        raise NotImplementedError

    def _customer_zone_is_zone_job(self):
        """Whether the zone's link rules apply to this job: its project is
        shown in the zone (the accountant's switch) with a visibility that
        admits portal users. Whether its customer's zone shows it now (the
        switch, the company's mode) is the link's own check, so a customer
        blocked or a mode without projects does not reopen, under core's
        rules, a link the zone closed."""
        self.ensure_one()
        project = self.sudo()._customer_zone_job_project()
        return bool(
            project.customer_zone_shown and project.privacy_visibility in PORTAL_PRIVACY
        )

    @api.model
    def _customer_zone_thread_is_zone_job(self, thread_id):
        if not isinstance(thread_id, int):
            return False
        job = self.sudo().browse(thread_id).exists()
        return bool(job) and job._customer_zone_is_zone_job()

    # ------------------------------------------------------------------
    # links: the zone's rules on the zone's jobs, core's elsewhere
    # ------------------------------------------------------------------
    @api.model
    def _get_thread_with_access(self, thread_id, **kwargs):
        """The chatter of a job the zone shows obeys its link rules (the
        link mixin); any other project or task is reached as core has it:
        its followers, collaborators, project sharing and links."""
        if self._customer_zone_thread_is_zone_job(thread_id):
            return super()._get_thread_with_access(thread_id, **kwargs)
        return super(CustomerZoneLinkMixin, self)._get_thread_with_access(
            thread_id, **kwargs
        )

    @api.model
    def _customer_zone_revocable_domain(self, partner):
        """The jobs of ``partner`` (a commercial partner) whose links the
        zone voids when the accountant revokes the customer's links."""
        raise NotImplementedError

    @api.model
    def _customer_zone_revoke_tokens(self, partner):
        """Void the links of ``partner``'s jobs the zone shows. Not the
        link mixin's (every document of the customer): a link to another
        project or task is core's, and a project's link serves all its
        collaborators, of any customer."""
        jobs = self.sudo().search(
            self._customer_zone_revocable_domain(partner)
            & Domain("access_token", "!=", False)
        )
        jobs.write({"access_token": False, "customer_zone_token_expires_on": False})
        return len(jobs)

    def _customer_zone_drop_expired_token(self):
        """Links of other projects and tasks never expire (core's)."""
        jobs = self.filtered(lambda job: job._customer_zone_is_zone_job())
        return super(CustomerZoneJobMixin, jobs)._customer_zone_drop_expired_token()

    def _customer_zone_start_token_validity(self):
        jobs = self.filtered(lambda job: job._customer_zone_is_zone_job())
        return super(CustomerZoneJobMixin, jobs)._customer_zone_start_token_validity()

    # ------------------------------------------------------------------
    # followers: the zone's grant reads, it never makes a follower
    # ------------------------------------------------------------------
    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Every way of following a job (``message_subscribe``, mail's
        /mail/thread/subscribe, a post with its author among the recipients,
        project's follow button) ends here. mail lets a user follow a record
        it can read; following a project or a task is access under core's
        rules, so a customer who reads a job through the zone's grant would
        keep it for good (hidden, blocked). Outside an employee's or the
        system's own doings (sudo: code that checked its own access, such as
        project's toggle, which asks for write, or the responsible the zone
        subscribes before a comment), a user who is not an employee follows
        a job only with write access to it, as project's own button asks."""
        self._customer_zone_check_subscribe(partner_ids)
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    def _customer_zone_check_subscribe(self, partner_ids):
        user = self.env.user
        if (
            not self
            or not partner_ids
            or self.env.su
            or user._is_internal()
            or user._is_superuser()
        ):
            return
        try:
            self.check_access("write")
        except AccessError:
            raise AccessError(
                self.env._(
                    "You may follow a project or a task you can edit only: "
                    "ask the project manager to add you."
                )
            ) from None

    # ------------------------------------------------------------------
    # files: the zone's size limit on what customers attach to its jobs
    # ------------------------------------------------------------------
    def _process_attachments_for_post(
        self, attachments, attachment_ids, message_values
    ):
        """A file a customer attaches to a message on one of the zone's jobs
        keeps within the zone's limit, whichever way it came: mail's upload
        checks it (controllers/attachment.py), but a file uploaded elsewhere
        (to another document of the customer) and then given by its id, or
        the content passed to message_post, would go round that check."""
        if not self.env.user._is_internal():
            self._customer_zone_check_post_files(attachments, attachment_ids)
        return super()._process_attachments_for_post(
            attachments, attachment_ids, message_values
        )

    def _customer_zone_check_post_files(self, attachments, attachment_ids):
        if len(self) != 1 or not self._customer_zone_is_zone_job():
            return
        # sudo: the size and name of the files mail moves onto the job (the
        # user's own pending uploads, as mail filters them), nothing else
        given = [att_id for att_id in attachment_ids or [] if isinstance(att_id, int)]
        pending = (
            self.env["ir.attachment"]
            .sudo()
            .browse(given)
            .exists()
            .filtered(
                lambda attachment: attachment.res_model in PENDING_MODELS
                and attachment.create_uid == self.env.user
            )
        )
        files = [(attachment.name, attachment.file_size) for attachment in pending]
        files += [(item[0], len(item[1] or b"")) for item in attachments or []]
        for name, size in files:
            refusal = self._customer_zone_file_refusal(name, size)
            if refusal:
                raise UserError(refusal)

    def _customer_zone_file_refusal(self, name, size):
        """Why a file of ``size`` bytes may not be added to this job (the
        zone's limit of its company, in Settings), or None."""
        self.ensure_one()
        company = self.sudo().company_id or self.env.company
        max_mb = company.sudo().customer_zone_attachment_max_mb
        if size <= max_mb * MEGABYTE:
            return None
        return self.env._(
            "%(name)s is too large: files added to a task may be %(max)s MB at most.",
            name=name or self.env._("The file"),
            max=max_mb,
        )
