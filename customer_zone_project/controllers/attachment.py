"""mail's upload of a file to a chatter, within the zone's size limit when a
customer adds a file to a task of a project the zone shows."""

from werkzeug.datastructures import FileStorage

from odoo import http
from odoo.http import request

from odoo.addons.customer_zone.tools import request_input
from odoo.addons.mail.controllers.attachment import AttachmentController

# the documents of this addon customers add files to
TASK_MODEL = "project.task"


class CustomerZoneTaskUpload(AttachmentController):
    @http.route()
    def mail_attachment_upload(
        self, ufile=None, thread_id=None, thread_model=None, is_pending=False, **kwargs
    ):
        """A file a customer adds to a task of a project the zone shows is
        refused with a message when it is larger than the zone allows
        (Settings: largest file, in MB). The tasks of other projects take
        files as core has them (a collaborator's upload, for one).

        Malformed input answers "not found" (mail's route fails on a model
        that does not exist, an id that is no number or no file at all)."""
        if not self._customer_zone_upload_is_valid(ufile, thread_id, thread_model):
            raise request.not_found()
        if thread_model == TASK_MODEL and not request.env.user._is_internal():
            refusal = self._customer_zone_upload_refusal(ufile, int(thread_id))
            if refusal:
                return request.make_json_response({"error": refusal})
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )

    @staticmethod
    def _customer_zone_upload_is_valid(ufile, thread_id, thread_model):
        return (
            isinstance(ufile, FileStorage)
            and request_input.record_id(thread_id) is not None
            and isinstance(thread_model, str)
            and thread_model in request.env
            and hasattr(request.env[thread_model], "_get_thread_with_access")
        )

    @staticmethod
    def _customer_zone_upload_refusal(ufile, task_id):
        """Why this file may not be added to the task, or None."""
        # sudo: the task's company only, to read its limit; access to the
        # task itself is mail's check, right after this one
        task = request.env[TASK_MODEL].sudo().browse(task_id).exists()
        if not task or not task._customer_zone_is_zone_job():
            return None
        ufile.stream.seek(0, 2)
        size = ufile.stream.tell()
        ufile.stream.seek(0)
        return task._customer_zone_file_refusal(
            request_input.printable(ufile.filename, 64), size
        )
