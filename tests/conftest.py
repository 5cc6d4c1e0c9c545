"""Shared fixtures.

The test database is built once per session with the shipped library and the demo
municipality (small size); every test runs in a transaction that is rolled back. Tests that
need their own small world build it with :mod:`tests.factories` instead.

Browser tests (marked ``browser``) get ``browser`` and ``page`` from here: headless
Chromium driven by Playwright, started per test (Playwright's sync API allows one running
instance per thread); :mod:`tests.accessibility` has the axe-core helpers.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

from tests.accessibility import CHROMIUM_ARGS, chromium_executable
from weerbaar.audit.context import acting_as
from weerbaar.core.demo import build_demo
from weerbaar.organisations.models import Organisation

# Property tests run on shared, sometimes loaded machines: no deadline and no health check
# that fails a run because data generation was slow. In CI the examples are derandomised,
# so that a failure can be reproduced from the log.
settings.register_profile(
    "weerbaar",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=bool(os.environ.get("CI")),
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "weerbaar"))

ROLE_EMAILS = {
    "beheerder": "beheerder@weerbaar.demo",
    "riec": "riec@weerbaar.demo",
    "coordinator": "coordinator@voorbeeld.demo",
    "secretaris": "secretaris@voorbeeld.demo",
    "actiehouder": "actiehouder@voorbeeld.demo",
    "lezer": "lezer@voorbeeld.demo",
    "oosterveld": "coordinator@oosterveld.demo",
}


# The longest tests of the transactional block (browser tests), started first within that block
# so that the test processes of a parallel run finish together instead of one waiting for the
# other's last long test. pytest-django keeps that block after the other database tests.
SLOW_FIRST = (
    "tests/test_accessibility_crawl.py::",
    "tests/reports/test_publish_browser.py::",
    "tests/test_coordinator_journey.py::",
    "tests/fieldwork/test_browser.py::",
)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or fixtures & {"transactional_db", "live_server"}
    )


def _slowness(item: pytest.Item) -> int:
    return next(
        (rank for rank, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)),
        len(SLOW_FIRST),
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest transactional tests first, within pytest-django's transactional block."""
    block = [index for index, item in enumerate(items) if _transactional(item)]
    if block:
        start, end = block[0], block[-1] + 1
        items[start:end] = sorted(items[start:end], key=_slowness)


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Every test starts in Dutch, whatever language an earlier test left active."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(scope="session", autouse=True)
def _stored_files_in_a_temporary_folder(tmp_path_factory):
    """Uploaded files of the test run go to a throwaway folder, never to var/data."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {**settings.STORAGES}
    storages["default"] = {
        **storages["default"],
        "OPTIONS": {
            **storages["default"].get("OPTIONS", {}),
            "location": tmp_path_factory.mktemp("data"),
        },
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(scope="session")
def django_db_setup(_stored_files_in_a_temporary_folder, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), acting_as(None, label="test-setup"):
        build_demo(size="small", demo_logins=False)


@pytest.fixture
def voorbeeld(db) -> Organisation:
    return Organisation.objects.get(slug="voorbeeld")


@pytest.fixture
def oosterveld(db) -> Organisation:
    return Organisation.objects.get(slug="oosterveld")


@pytest.fixture
def user_for(db):
    def get(role: str):
        return get_user_model().objects.get(email=ROLE_EMAILS[role])

    return get


@pytest.fixture
def client():
    """pytest-django's ``client``, whose ``force_login`` also passes the second factor."""
    from tests.factories import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def client_for(db, user_for):
    """A logged-in test client (second factor passed) for one of the demo roles."""
    from tests.factories import client_for_user

    def make(role: str):
        return client_for_user(user_for(role))

    return make


@pytest.fixture
def shipped_bundle_copy(tmp_path, monkeypatch):
    """A copy of the newest shipped library bundle, which the apps' shipped documents are
    read from instead (edit its files to test how an app takes a changed document)."""
    import shutil

    from weerbaar.library import shipped
    from weerbaar.library.paths import latest_shipped_bundle

    target = tmp_path / "bundle"
    shutil.copytree(latest_shipped_bundle(), target)
    monkeypatch.setattr(shipped, "latest_shipped_bundle", lambda: target)
    shipped.shipped_document.cache_clear()
    yield target
    shipped.shipped_document.cache_clear()


@pytest.fixture
def baseline_scan(voorbeeld):
    return voorbeeld.scans.order_by("period_start").first()


@pytest.fixture
def fresh_demo(transactional_db):
    """For transactional (e.g. browser) tests: an emptied database with the small demo.

    Transactional tests run after all others (pytest-django orders them last) and flush the
    database when they end, so each one starts from the demo: built by the first of them in
    the process, restored from its copy for the others (see :mod:`tests.demo_snapshot`).
    """
    from tests.demo_snapshot import small_demo

    return small_demo()


@pytest.fixture
def browser():
    """A headless Chromium for one test."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (1280×900, Dutch locale) in its own browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    yield pg
    context.close()
