"""Browser fixtures for the registers' browser test (shared with tests/browser)."""

from tests.browser.conftest import browser, page  # noqa: F401
