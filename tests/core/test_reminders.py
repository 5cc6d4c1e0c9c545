"""The one reminder delivery mechanism (weerbaar.core.reminders): claim, deliver, retry.

Against a real SMTP server (aiosmtpd on a loopback port) with a frozen clock: every call is
given its moment. The claim model is the college agenda's (key: organisation and due date);
the mechanism is the same for every app that sends reminders. The races run on PostgreSQL
(``scripts/with-postgres.sh``); SQLite serialises writers and skips them.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from tests.factories import make_organisation, make_user
from tests.smtp import Collector, free_port
from weerbaar.core import reminders
from weerbaar.secretaris.models import SentAgendaReminder

NOW = timezone.make_aware(datetime.datetime(2027, 3, 29, 7, 0))
DUE = datetime.date(2027, 4, 12)
SECRETARY = "gs@testdorp.test"


@pytest.fixture
def smtp(settings):
    """A local SMTP server; ``smtp.port`` is where it listens, ``smtp.messages`` what it got.

    The connections the tests pass in are named mailers (see :func:`smtp_to`)."""
    settings.MAILERS = {}
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


def smtp_to(port: int) -> BaseEmailBackend:
    """A connection to the SMTP server on ``port`` (the one the caller passes in)."""
    from django.conf import settings

    alias = f"smtp-{port}"
    options = {"host": "127.0.0.1", "port": port, "timeout": 2, "use_tls": False}
    settings.MAILERS[alias] = {"OPTIONS": options}
    return mailers[alias]


def message(to: str = SECRETARY) -> EmailMessage:
    return EmailMessage("Herinnering", "Het volgende agendapunt nadert.", to=[to])


def key(organisation, due: datetime.date = DUE) -> dict:
    return {"organisation": organisation, "due_on": due}


def send_if_claimed(organisation, now, port: int) -> bool:
    """What a pass does for one reminder: claim it, and send it only when claimed."""
    claimed = reminders.claim(SentAgendaReminder, key(organisation), now)
    return claimed is not None and reminders.deliver(claimed, message(), now, smtp_to(port))


# ----------------------------------------------------------------------------- claim


@pytest.mark.django_db
def test_a_key_is_claimed_once():
    org = make_organisation()
    first = reminders.claim(SentAgendaReminder, key(org), NOW)
    assert first is not None and first.claimed_at == NOW and first.sent_at is None
    assert reminders.claim(SentAgendaReminder, key(org), NOW) is None
    # Another key is another reminder.
    assert reminders.claim(SentAgendaReminder, key(org, DUE.replace(day=13)), NOW) is not None


@pytest.mark.django_db
def test_a_confirmed_reminder_is_never_claimed_again(smtp):
    org = make_organisation()
    for day in range(4):
        assert send_if_claimed(org, NOW + datetime.timedelta(days=day), smtp.port) is (day == 0)
    assert len(smtp.messages) == 1
    claimed = SentAgendaReminder.objects.get()
    assert (claimed.claimed_at, claimed.sent_at) == (NOW, NOW)
    assert not reminders.unconfirmed_claims(SentAgendaReminder, NOW + datetime.timedelta(days=9))


# ----------------------------------------------------------------------------- retry


@pytest.mark.django_db
def test_an_smtp_failure_is_retried_by_the_next_run_and_sent_once(smtp):
    org = make_organisation()
    # Nobody listens on this port: the connection is refused.
    assert send_if_claimed(org, NOW, free_port()) is False
    claimed = SentAgendaReminder.objects.get()
    assert claimed.sent_at is None  # the claim stays, unconfirmed
    assert smtp.messages == []
    # Within the retry delay the claim still holds (a send may be in progress elsewhere).
    almost = NOW + reminders.RETRY_AFTER - datetime.timedelta(seconds=1)
    assert send_if_claimed(org, almost, smtp.port) is False
    assert not reminders.unconfirmed_claims(SentAgendaReminder, almost)
    # The next run after the delay takes the claim over and sends it.
    later = NOW + reminders.RETRY_AFTER + datetime.timedelta(minutes=5)
    assert list(reminders.unconfirmed_claims(SentAgendaReminder, later)) == [claimed]
    assert send_if_claimed(org, later, smtp.port) is True
    # ... and never again.
    assert send_if_claimed(org, later + datetime.timedelta(days=1), smtp.port) is False
    assert [to for to, _m in smtp.messages] == [[SECRETARY]]
    claimed.refresh_from_db()
    assert (claimed.claimed_at, claimed.sent_at) == (later, later)


@pytest.mark.django_db
def test_a_retry_refreshes_the_stored_values():
    from weerbaar.actions.models import SentReminder

    org = make_organisation()
    coordinator = make_user("coordinator@testdorp.test", role="coordinator", organisation=org)
    digest = {"organisation": org, "action": None, "recipient": coordinator, "kind": "digest"}
    digest["bucket"] = "2027-W13"
    first = reminders.claim(SentReminder, digest, NOW, recipients="oud@testdorp.test")
    assert first is not None
    later = NOW + reminders.RETRY_AFTER * 2
    retried = reminders.claim(SentReminder, digest, later, recipients="nieuw@testdorp.test")
    assert retried is not None and retried.pk == first.pk
    assert (retried.recipients, retried.claimed_at) == ("nieuw@testdorp.test", later)


@pytest.mark.django_db
def test_the_log_of_a_failure_names_no_recipient(caplog):
    org = make_organisation()
    claimed = reminders.claim(SentAgendaReminder, key(org), NOW)
    assert claimed is not None

    class Refusing(BaseEmailBackend):
        def send_messages(self, email_messages):
            raise smtplib.SMTPRecipientsRefused({SECRETARY: (550, b"no such user")})

    with caplog.at_level(logging.WARNING, logger="weerbaar.core.reminders"):
        assert reminders.deliver(claimed, message(), NOW, Refusing()) is False
    assert "SMTPRecipientsRefused" in caplog.text
    assert SECRETARY not in caplog.text and "Herinnering" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


@pytest.mark.django_db
def test_only_mail_errors_are_caught():
    """A programming error is not a failed delivery: it surfaces (the claim stays)."""
    org = make_organisation()
    claimed = reminders.claim(SentAgendaReminder, key(org), NOW)
    assert claimed is not None

    class Broken(BaseEmailBackend):
        def send_messages(self, email_messages):
            raise TypeError("a bug")

    with pytest.raises(TypeError):
        reminders.deliver(claimed, message(), NOW, Broken())
    assert SentAgendaReminder.objects.get().sent_at is None


# ----------------------------------------------------------------------------- PostgreSQL


def _in_thread(target, results: dict, name: str) -> threading.Thread:
    def run():
        try:
            results[name] = target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent workers are tested on PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(smtp):
    _postgresql_only()
    orgs = [make_organisation() for _ in range(5)]
    start = threading.Barrier(2)
    results: dict = {}

    def worker():
        start.wait(10)
        return [send_if_claimed(org, NOW, smtp.port) for org in orgs]

    threads = [_in_thread(worker, results, name) for name in ("a", "b")]
    for thread in threads:
        thread.join(30)
    # Per reminder exactly one of the two workers sent it.
    assert [a + b for a, b in zip(results["a"], results["b"], strict=True)] == [1] * 5
    assert len(smtp.messages) == 5
    assert SentAgendaReminder.objects.filter(sent_at__isnull=False).count() == 5


def _claim_while_another_worker_holds_it(org, when) -> dict:
    """Worker A claims in a transaction it keeps open; worker B claims the same reminder
    meanwhile. Checks that B waits for A; returns both claims (``"a"``, ``"b"``)."""
    a_claimed, a_may_commit = threading.Event(), threading.Event()
    results: dict = {}

    def worker_a():
        with transaction.atomic():
            claimed = reminders.claim(SentAgendaReminder, key(org), when)
            a_claimed.set()
            a_may_commit.wait(10)
        return claimed

    def worker_b():
        a_claimed.wait(10)
        return reminders.claim(SentAgendaReminder, key(org), when)

    thread_a = _in_thread(worker_a, results, "a")
    thread_b = _in_thread(worker_b, results, "b")
    a_claimed.wait(10)
    time.sleep(0.5)
    assert thread_b.is_alive()  # B waits on A's uncommitted row
    a_may_commit.set()
    thread_a.join(30)
    thread_b.join(30)
    return results


@pytest.mark.django_db(transaction=True)
def test_the_unique_constraint_decides_between_two_concurrent_claims():
    """Worker B inserts the same key while worker A's insert is not yet committed: B waits
    for A and then gets nothing."""
    _postgresql_only()
    org = make_organisation()
    results = _claim_while_another_worker_holds_it(org, NOW)
    assert results["a"] is not None and results["b"] is None
    assert SentAgendaReminder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_retrying_one_lapsed_claim_take_it_over_once():
    _postgresql_only()
    org = make_organisation()
    SentAgendaReminder.objects.create(organisation=org, due_on=DUE, claimed_at=NOW)
    later = NOW + reminders.RETRY_AFTER * 2
    results = _claim_while_another_worker_holds_it(org, later)
    assert results["a"] is not None and results["b"] is None
    assert SentAgendaReminder.objects.get().claimed_at == later


@pytest.mark.django_db
def test_the_worker_warns_about_claims_that_stay_unconfirmed():
    from weerbaar.maintenance import jobs

    org = make_organisation()
    # A claim for a due date that is no longer due (the agenda moved on): never retried.
    SentAgendaReminder.objects.create(organisation=org, due_on=DUE, claimed_at=NOW)
    summary = jobs.agenda_reminders(NOW + reminders.RETRY_AFTER * 2)
    assert "Warning: 1 reminder(s) were claimed but not confirmed as sent" in summary
    SentAgendaReminder.objects.update(sent_at=NOW)
    assert "Warning" not in jobs.agenda_reminders(NOW + reminders.RETRY_AFTER * 2)


@pytest.mark.django_db(transaction=True)
def test_a_claim_that_is_being_sent_is_not_taken_over_even_when_it_looks_lapsed(smtp):
    """A long pass stamps its claims with the moment it started, so a claim made late in
    that pass can look older than the retry delay to a second worker. While the first
    worker sends, the second waits; then it finds the reminder sent and sends nothing."""
    _postgresql_only()
    org = make_organisation()
    sending, may_finish = threading.Event(), threading.Event()
    results: dict = {}

    class SlowBackend(BaseEmailBackend):
        def send_messages(self, messages):
            sending.set()
            may_finish.wait(10)
            return smtp_to(smtp.port).send_messages(messages)

    def worker_a():
        claimed = reminders.claim(SentAgendaReminder, key(org), NOW)  # stamped at pass start
        return reminders.deliver(claimed, message(), NOW, SlowBackend())

    def worker_b():
        sending.wait(10)
        return send_if_claimed(org, NOW + reminders.RETRY_AFTER * 2, smtp.port)

    thread_a = _in_thread(worker_a, results, "a")
    thread_b = _in_thread(worker_b, results, "b")
    sending.wait(10)
    time.sleep(0.5)
    assert thread_b.is_alive()  # B's take-over waits for A's send
    may_finish.set()
    thread_a.join(30)
    thread_b.join(30)
    assert results == {"a": True, "b": False}
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_a_claim_taken_over_before_it_was_sent_is_sent_by_the_new_worker_only(smtp):
    org = make_organisation()
    first = reminders.claim(SentAgendaReminder, key(org), NOW)
    later = NOW + reminders.RETRY_AFTER * 2
    second = reminders.claim(SentAgendaReminder, key(org), later)
    assert first is not None and second is not None
    assert reminders.deliver(first, message(), NOW, smtp_to(smtp.port)) is False
    assert reminders.deliver(second, message(), later, smtp_to(smtp.port)) is True
    assert len(smtp.messages) == 1
