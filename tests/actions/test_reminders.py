"""Reminders over real SMTP (a local aiosmtpd server) with a controllable clock.

Timing: owners get one "due soon" mail from N days before the due date (N per organisation,
default 7) and one "overdue" mail after it; the coordinator gets one digest per week. Passes
are idempotent and catch up on missed runs; no reminder is ever sent twice.
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_h
from hypothesis import strategies as st

from tests.smtp import free_port, local_smtp
from weerbaar.actions import services
from weerbaar.actions.models import FollowUpSettings, SentReminder
from weerbaar.actions.reminders import due_owner_reminder, run_pass, unconfirmed_claims

from .conftest import aware

DUE = datetime.date(2027, 3, 15)  # a Monday


@pytest.fixture
def smtp(settings):
    with local_smtp(settings) as handler:
        yield handler


def run(fresh_org, when):
    return run_pass(now=when, organisations=[fresh_org["org"]])


def owner_sent(result) -> list[tuple[str, str]]:
    """The owner reminders of a pass (digests left out)."""
    return [(kind, bucket) for kind, bucket, _to in result.sent if kind != "digest"]


def owner_mails(smtp, address="owner@testdorp.test"):
    return [m for to, m in smtp.messages if address in to and "Weekoverzicht" not in m["Subject"]]


def test_due_soon_is_sent_once_from_seven_days_before(smtp, make_action, fresh_org):
    action = make_action(due_date=DUE)
    assert owner_sent(run(fresh_org, aware(2027, 3, 7))) == []  # 8 days before: nothing
    first = run(fresh_org, aware(2027, 3, 8))  # 7 days before
    assert owner_sent(first) == [("due_soon", "2027-03-15")]
    mails = owner_mails(smtp)
    assert len(mails) == 1
    assert action.title in mails[0]["Subject"]
    assert "over 7 dagen" in mails[0].get_content()
    assert f"/o/testdorp/acties/{action.pk}/" in mails[0].get_content()
    # Later passes, the same day and the days after, send nothing new.
    run(fresh_org, aware(2027, 3, 8, 17))
    run(fresh_org, aware(2027, 3, 12))
    run(fresh_org, aware(2027, 3, 15))
    assert len(owner_mails(smtp)) == 1


def test_overdue_is_sent_once_after_the_due_date(smtp, make_action, fresh_org):
    make_action(due_date=DUE)
    run(fresh_org, aware(2027, 3, 8))
    run(fresh_org, aware(2027, 3, 16))
    run(fresh_org, aware(2027, 3, 17))
    run(fresh_org, aware(2027, 4, 30))
    subjects = [m["Subject"] for m in owner_mails(smtp)]
    assert len(subjects) == 2
    assert subjects[1].startswith("Streefdatum verstreken")
    kinds = SentReminder.objects.filter(action__scan__organisation=fresh_org["org"])
    assert sorted(kinds.values_list("kind", flat=True)) == ["due_soon", "overdue"]
    assert all(r.sent_at is not None for r in kinds)


def test_a_missed_run_catches_up_with_the_overdue_reminder_only(smtp, make_action, fresh_org):
    make_action(due_date=DUE)
    # The worker was down from ten days before until two days after the due date.
    result = run(fresh_org, aware(2027, 3, 17))
    assert owner_sent(result) == [("overdue", "2027-03-15")]
    assert len(owner_mails(smtp)) == 1


def test_a_missed_day_within_the_window_still_sends_due_soon(smtp, make_action, fresh_org):
    make_action(due_date=DUE)
    # No run on the 8th (7 days before); the next run on the 11th catches up.
    assert owner_sent(run(fresh_org, aware(2027, 3, 11))) == [("due_soon", "2027-03-15")]


def test_a_new_due_date_gets_its_own_reminders(smtp, make_action, fresh_org):
    action = make_action(due_date=DUE)
    run(fresh_org, aware(2027, 3, 8))
    action.due_date = datetime.date(2027, 4, 15)
    action.save()
    run(fresh_org, aware(2027, 3, 20))  # no reminder yet for the new date
    run(fresh_org, aware(2027, 4, 9))
    assert len(owner_mails(smtp)) == 2


def test_the_number_of_days_is_an_organisation_setting(smtp, make_action, fresh_org):
    FollowUpSettings.objects.create(organisation=fresh_org["org"], days_before_due=3)
    make_action(due_date=DUE)
    assert owner_sent(run(fresh_org, aware(2027, 3, 11))) == []  # 4 days before
    assert owner_sent(run(fresh_org, aware(2027, 3, 12))) != []  # 3 days before


def test_disabled_reminders_send_nothing(smtp, make_action, fresh_org):
    FollowUpSettings.objects.create(organisation=fresh_org["org"], reminders_enabled=False)
    make_action(due_date=DUE)
    assert run(fresh_org, aware(2027, 3, 16)).count == 0
    assert smtp.messages == []


def test_finished_and_dropped_actions_get_no_reminder(smtp, make_action, fresh_org):
    done = make_action(due_date=DUE)
    services.change_status(done, "gereed")
    dropped = make_action(due_date=DUE)
    services.change_status(dropped, "vervallen", reason="Niet meer nodig")
    assert owner_sent(run(fresh_org, aware(2027, 3, 16))) == []


def test_a_role_owned_action_reminds_every_holder_of_the_role(smtp, make_action, fresh_org):
    make_action(due_date=DUE, owner_user=None, owner_role="actiehouder")
    run(fresh_org, aware(2027, 3, 9))
    reminders = [(to, m) for to, m in smtp.messages if "Weekoverzicht" not in m["Subject"]]
    assert len(reminders) == 1
    to, _message = reminders[0]
    assert sorted(to) == ["owner2@testdorp.test", "owner@testdorp.test"]


def test_a_claim_left_by_a_crash_is_retried_once_it_has_lapsed(smtp, make_action, fresh_org):
    action = make_action(due_date=DUE)
    # A worker claimed the reminder and died before confirming it.
    SentReminder.objects.create(
        organisation=fresh_org["org"],
        action=action,
        kind="due_soon",
        bucket=DUE.isoformat(),
        claimed_at=aware(2027, 3, 8),
    )
    # Within the retry delay the claim still protects a send that may be in progress.
    assert owner_sent(run(fresh_org, aware(2027, 3, 8) + datetime.timedelta(minutes=5))) == []
    assert owner_mails(smtp) == []
    assert unconfirmed_claims(now=aware(2027, 3, 9)).filter(action=action).exists()
    # The next pass after the delay sends it, once.
    assert owner_sent(run(fresh_org, aware(2027, 3, 9))) == [("due_soon", "2027-03-15")]
    run(fresh_org, aware(2027, 3, 10))
    assert len(owner_mails(smtp)) == 1
    assert not unconfirmed_claims(now=aware(2027, 3, 11)).filter(action=action).exists()


def test_an_smtp_failure_leaves_the_claim_unconfirmed_for_the_next_pass(
    settings, make_action, fresh_org
):
    make_action(due_date=DUE)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens here
    settings.EMAIL_TIMEOUT = 2
    result = run(fresh_org, aware(2027, 3, 9))
    assert result.count == 0 and result.failed == 2  # the reminder and the digest
    claims = SentReminder.objects.filter(organisation=fresh_org["org"])
    assert claims.count() == 2 and not claims.filter(sent_at__isnull=False).exists()


def test_the_retry_after_a_failure_is_delivered(smtp, settings, make_action, fresh_org):
    make_action(due_date=DUE)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    assert run(fresh_org, aware(2027, 3, 9)).failed == 2
    settings.EMAIL_PORT = working_port
    assert owner_sent(run(fresh_org, aware(2027, 3, 10))) == [("due_soon", "2027-03-15")]
    assert len(owner_mails(smtp)) == 1


# ----------------------------------------------------------------------------- digest


def digests(smtp):
    return [(to, m) for to, m in smtp.messages if "Weekoverzicht" in m["Subject"]]


def test_the_coordinator_gets_one_digest_per_week(smtp, make_action, fresh_org):
    make_action(title="Achterstallige actie", due_date=datetime.date(2027, 3, 1))
    make_action(title="Binnenkort", due_date=datetime.date(2027, 3, 20))
    run(fresh_org, aware(2027, 3, 8))  # Monday
    run(fresh_org, aware(2027, 3, 9))
    run(fresh_org, aware(2027, 3, 12))
    sent = digests(smtp)
    assert len(sent) == 1
    to, message = sent[0]
    assert to == ["coordinator@testdorp.test"]
    body = message.get_content()
    assert "Achterstallige actie" in body and "Binnenkort" in body
    run(fresh_org, aware(2027, 3, 15))  # the next Monday: a new week
    assert len(digests(smtp)) == 2


def test_a_missed_digest_day_is_caught_up_later_that_week(smtp, make_action, fresh_org):
    make_action(due_date=DUE)
    run(fresh_org, aware(2027, 3, 10))  # Wednesday, no run on Monday
    assert len(digests(smtp)) == 1


def test_the_digest_names_no_owners_and_ranks_nobody(smtp, make_action, fresh_org):
    make_action(title="Achterstallig", due_date=datetime.date(2027, 3, 1))
    run(fresh_org, aware(2027, 3, 8))
    _to, message = digests(smtp)[0]
    body = message.get_content()
    assert "owner" not in body.lower()


def test_due_reminder_kind_by_day():
    class A:
        status = "open"
        due_date = DUE

    assert due_owner_reminder(A, DUE - datetime.timedelta(days=8), 7) is None
    assert due_owner_reminder(A, DUE - datetime.timedelta(days=7), 7) == "due_soon"
    assert due_owner_reminder(A, DUE, 7) == "due_soon"
    assert due_owner_reminder(A, DUE + datetime.timedelta(days=1), 7) == "overdue"


def test_the_run_command_sends_and_a_second_run_sends_nothing(smtp, make_action, fresh_org):
    make_action(due_date=DUE)
    out = StringIO()
    call_command("reminders", "run", "--now", "2027-03-16T08:00", stdout=out)
    assert "sent" in out.getvalue()
    first = len(owner_mails(smtp))
    assert first == 1
    call_command("reminders", "run", "--now", "2027-03-16T09:00", stdout=StringIO())
    assert len(owner_mails(smtp)) == first


def test_the_worker_runs_passes_until_told_to_stop(smtp, make_action, fresh_org):
    out = StringIO()
    call_command("reminders", "worker", "--interval", "1", "--max-passes", "1", stdout=out)
    assert "Reminders:" in out.getvalue()


def test_the_worker_survives_a_database_outage_but_not_a_bug(monkeypatch):
    from django.db import OperationalError

    from weerbaar.maintenance import jobs as command

    def outage(now=None):
        raise OperationalError("the database went away")

    monkeypatch.setattr(command, "run_pass", outage)
    err = StringIO()
    call_command("reminders", "worker", "--interval", "1", "--max-passes", "1", stderr=err)
    assert "Reminder pass failed: the database went away" in err.getvalue()

    def bug(now=None):
        raise TypeError("a programming error")

    monkeypatch.setattr(command, "run_pass", bug)
    with pytest.raises(TypeError):
        call_command("reminders", "worker", "--interval", "1", "--max-passes", "1")


def test_a_bad_now_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("reminders", "run", "--now", "gisteren")


def test_an_english_speaking_owner_gets_an_english_reminder(smtp, make_action, fresh_org):
    owner = fresh_org["owner"]
    owner.language = "en"
    owner.save()
    make_action(title="Rotation", due_date=DUE)
    run(fresh_org, aware(2027, 3, 9))
    message = owner_mails(smtp)[0]
    assert message["Subject"] == "Reminder: Rotation"
    assert "in 6 days" in message.get_content()


@settings_h(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(min_value=-20, max_value=20), min_size=1, max_size=8),
    days_before=st.integers(min_value=1, max_value=14),
)
def test_any_schedule_of_passes_sends_each_reminder_at_most_once(
    mailoutbox, make_action, fresh_org, days, days_before
):
    """Whatever days the passes run (in order, repeated, with gaps): at most one "due soon"
    and one "overdue" per due date; overdue exactly once if any pass ran after the due date;
    "due soon" only inside its window."""
    from django.core import mail
    from django.db import transaction

    with transaction.atomic():
        FollowUpSettings.objects.update_or_create(
            organisation=fresh_org["org"], defaults={"days_before_due": days_before}
        )
        action = make_action(due_date=DUE)
        mail.outbox.clear()
        sent = []
        for offset in sorted(days):
            day = DUE + datetime.timedelta(days=offset)
            result = run_pass(
                now=aware(day.year, day.month, day.day), organisations=[fresh_org["org"]]
            )
            sent += [(kind, offset) for kind, _b, _to in result.sent if kind != "digest"]
        kinds = [k for k, _o in sent]
        assert kinds.count("due_soon") <= 1 and kinds.count("overdue") <= 1
        assert kinds.count("overdue") == (1 if any(d > 0 for d in days) else 0)
        for kind, offset in sent:
            if kind == "due_soon":
                assert -days_before <= offset <= 0
        owner_mail = [m for m in mail.outbox if "Weekoverzicht" not in m.subject]
        assert len(owner_mail) == len(sent)
        assert SentReminder.objects.filter(action=action).count() == len(sent)
        transaction.set_rollback(True)


def test_an_owner_who_left_the_organisation_gets_no_reminder(smtp, make_action, fresh_org):
    from weerbaar.organisations.models import Membership

    make_action(due_date=DUE)
    Membership.objects.filter(user=fresh_org["owner"]).delete()
    result = run(fresh_org, aware(2027, 3, 9))
    assert owner_sent(result) == [] and result.skipped == 1
    assert owner_mails(smtp) == []
