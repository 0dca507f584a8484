from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from ..hooks import post_init_hook
from .common import CustomerZonePurchaseCommon

# what a logged-in supplier may send as a token: none of them is the order's
NOT_THE_TOKEN = ("garbage", "%00", "%20", "x" * 300)


@tagged("post_install", "-at_install")
class TestOrderPageLinks(CustomerZonePurchaseCommon):
    """The order's page only reads: whatever token comes with it, whoever
    opens it, it mints no link and starts no link's validity; links issued
    before the addon get their validity when it is installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rfq_a = cls._purchase_order(cls.alpha, "sent")
        cls.po_a = cls._purchase_order(cls.alpha, "purchase")

    def _row_version(self, order):
        """The row's xmin: it changes on any write, even in the test's
        transaction."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT xmin::text FROM purchase_order WHERE id = %s", order.id)
        )
        return self.env.cr.fetchone()[0]

    def _undated_link(self, order, token):
        """A link issued before the zone governed links: a token, no end."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE purchase_order
                      SET access_token = %s, customer_zone_token_expires_on = NULL
                    WHERE id = %s""",
                token,
                order.id,
            )
        )
        order.invalidate_recordset()

    def test_owner_with_a_wrong_token_reads_by_its_session(self):
        self.assertFalse(self.po_a.access_token)
        self.authenticate("cz_alpha", "cz_alpha")
        for token in NOT_THE_TOKEN:
            with self.subTest(token=token):
                version = self._row_version(self.po_a)
                page = self._get(f"/my/purchase/{self.po_a.id}?access_token={token}")
                self.assertEqual(page.status_code, 200)
                self.assertIn(self.po_a.name, page.text)
                self.assertEqual(self._row_version(self.po_a), version, "a GET wrote")
                self.po_a.invalidate_recordset()
                self.assertFalse(self.po_a.access_token, "a GET minted a link")
                self.assertFalse(self.po_a.customer_zone_token_expires_on)

    def test_owner_with_its_own_link_writes_nothing(self):
        token = self.rfq_a._portal_ensure_token()
        self.authenticate("cz_alpha", "cz_alpha")
        version = self._row_version(self.rfq_a)
        page = self._get(f"/my/purchase/{self.rfq_a.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_customer_zone_ack_form", page.text)
        self.assertEqual(self._row_version(self.rfq_a), version)

    def test_another_supplier_with_a_wrong_token_gets_nothing(self):
        self.authenticate("cz_beta", "cz_beta")
        version = self._row_version(self.po_a)
        page = self._get(f"/my/purchase/{self.po_a.id}?access_token=garbage")
        self.assertEqual(page.status_code, 303)
        self.assertNotIn(self.po_a.name, page.text)
        self.assertEqual(self._row_version(self.po_a), version)

    def test_install_dates_the_links_issued_before(self):
        self._undated_link(self.rfq_a, "issued-before-the-zone")
        self.company.customer_zone_link_validity_days = 30
        before = fields.Datetime.now()
        post_init_hook(self.env)
        self.rfq_a.invalidate_recordset()
        expires = self.rfq_a.customer_zone_token_expires_on
        self.assertTrue(expires, "the old link got its validity")
        self.assertGreaterEqual((expires - before).days, 29)
        self.assertEqual(self.rfq_a.access_token, "issued-before-the-zone")
        self.assertFalse(
            self.po_a.customer_zone_token_expires_on, "no link, no validity"
        )
        # idempotent: a second run moves nothing
        version = self._row_version(self.rfq_a)
        post_init_hook(self.env)
        self.assertEqual(self._row_version(self.rfq_a), version)

    def test_visitor_on_an_undated_link_writes_nothing(self):
        self._undated_link(self.rfq_a, "issued-before-the-zone")
        version = self._row_version(self.rfq_a)
        self.authenticate(None, None)
        page = self._get(
            f"/my/purchase/{self.rfq_a.id}?access_token=issued-before-the-zone"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.rfq_a.name, page.text)
        self.assertEqual(self._row_version(self.rfq_a), version, "a GET wrote")
        self.rfq_a.invalidate_recordset()
        self.assertFalse(self.rfq_a.customer_zone_token_expires_on)
