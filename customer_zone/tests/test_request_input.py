from odoo.tests import BaseCase, tagged

from ..tools import request_input


@tagged("at_install")
class TestRequestInput(BaseCase):
    """Request parameters read strictly: None or a default, never an error."""

    def test_record_id(self):
        for value, expected in (
            ("42", 42), (42, 42), ("0", None), (-1, None), ("-1", None),
            ("²", None), ("١", None), (" 7", None), ("1e3", None), (True, None),
            (1.0, None), ([1], None), (None, None), ("9" * 5000, None),
            (2**31, None), ("2147483647", 2147483647), ("21474836470", None),
        ):  # fmt: skip
            with self.subTest(value=str(value)[:20]):
                self.assertEqual(request_input.record_id(value), expected)

    def test_page_number(self):
        for value, expected in (
            (3, 3), ("3", 3), ("²", 1), ("x", 1), ("-5", 1), (0, 1),
            (10**9, request_input.PAGE_MAX), ("9" * 40, 1), (None, 1), (True, 1),
        ):  # fmt: skip
            with self.subTest(value=str(value)[:20]):
                self.assertEqual(request_input.page_number(value), expected)

    def test_printable_local_path_and_keys(self):
        self.assertEqual(request_input.printable("a\x00b\tc", 2), "ab")
        self.assertEqual(request_input.printable(["a"]), "")
        self.assertTrue(request_input.local_path("/my/invoices"))
        for path in (
            "//evil.test",
            "/\\evil.test",
            "https://x",
            "",
            None,
            "/my\x00",
            "/my\n",
            "/" + "a" * 2048,
        ):
            self.assertFalse(request_input.local_path(path))
        self.assertEqual(
            request_input.without_keys({"a": 1, "document": 2}, ("document",)),
            {"a": 1},
        )
