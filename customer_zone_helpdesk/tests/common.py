from odoo import http
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.common import CustomerZoneHttpCommon


class CustomerZoneHelpdeskCommon(CustomerZoneHttpCommon):
    """The zone's fixtures, with tickets made and submitted as helpdesk_mgmt's
    own portal tests do (``_create_ticket``, ``_submit_ticket``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env.ref("base.user_admin")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")

    @classmethod
    def _ticket_values(cls, partner, name, **values):
        description = "<p>x</p>"
        return {
            "name": name,
            "description": description,
            "partner_id": partner.id,
            **values,
        }

    @classmethod
    def _create_ticket(cls, partner, name, **values):
        """A ticket of ``partner``, made in the backend."""
        return cls.env["helpdesk.ticket"].create(
            cls._ticket_values(partner, name, **values)
        )

    @classmethod
    def _post_message(cls, ticket, body, internal=False, author=None, **kwargs):
        """A reply the customer sees, or an internal note, on ``ticket``."""
        return ticket.with_user(author or cls.env.user).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note" if internal else "mail.mt_comment",
            **kwargs,
        )

    def _submit_ticket(self, files=None, **values):
        """POST the new-ticket form as the logged-in user; the answer is not
        followed. A subject and a description are given unless ``values``
        names them (None: the field is not sent)."""
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "subject": "A question",
            "description": "The details",
            **values,
        }
        return self.url_open(
            "/submitted/ticket",
            data={key: value for key, value in data.items() if value is not None},
            files=files,
            allow_redirects=False,
        )

    def _close_ticket(self, ticket_id, stage_id):
        """POST the closing of a ticket, as the ticket page's button does."""
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "ticket_id": ticket_id,
                "stage_id": stage_id,
            },
            allow_redirects=False,
        )

    def _find_ticket(self, name):
        return self.env["helpdesk.ticket"].search([("name", "=", name)])

    def _assert_answered(self, urls):
        """Each of ``urls`` is answered below 500 (its logs muted: a 404 or a
        405 logs a warning)."""
        for url in urls:
            with self.subTest(url=url), mute_logger("odoo.http"):
                self.assertLess(self._get(url).status_code, 500)
