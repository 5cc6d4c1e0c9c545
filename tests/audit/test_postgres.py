"""PostgreSQL: the documented runtime role cannot undo the guards; concurrent appends."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.db.utils import DatabaseError

from tests.audit.conftest import needs_postgres, verify
from weerbaar.audit.checks import check_audit_table_owner, runtime_role_problem
from weerbaar.audit.context import acting_as
from weerbaar.audit.models import AuditEvent
from weerbaar.audit.roles import grant_statements

pytestmark = [pytest.mark.postgres_only, needs_postgres]

APP_ROLE = "weerbaar_app_test"


@pytest.fixture
def as_app_role(db):
    """The rest of the test runs as a runtime role set up as docs/operations.md says."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
        for statement in grant_statements(APP_ROLE):
            cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


def test_the_runtime_role_cannot_truncate_disable_or_alter(baseline_scan, as_app_role):
    with acting_as(None, "test"):  # it can append ...
        baseline_scan.title = "Door de toepassing"
        baseline_scan.save()
    assert AuditEvent.objects.filter(after__title="Door de toepassing").exists()
    for sql in (  # ... but not undo
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
        "ALTER TABLE audit_chainhead DISABLE TRIGGER USER",
        "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
        "ALTER TABLE audit_auditevent ADD COLUMN x integer",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditevent SET actor_label = 'x'",
        "DELETE FROM audit_chainhead",
        "INSERT INTO audit_chainhead (id, sequence, hash) VALUES (2, 0, 'x')",
        "SET session_replication_role = replica",
    ):
        assert refused(sql), sql
    assert verify()[0] == 0


def test_the_runtime_role_can_delete_a_user_with_a_trail(baseline_scan, as_app_role):
    person = get_user_model().objects.create_user("vertrekt@example.org", "x" * 14)
    with acting_as(person):
        baseline_scan.title = "Laatste wijziging"
        baseline_scan.save()
    person.delete()
    assert AuditEvent.objects.get(actor_label="vertrekt@example.org").actor_id is None
    assert verify()[0] == 0


def test_deploy_check_warns_when_the_runtime_role_owns_the_audit_table(db):
    assert "superuser" in runtime_role_problem()  # the test cluster runs as its superuser
    assert [m.id for m in check_audit_table_owner()] == ["weerbaar.W101"]


def test_deploy_check_warns_for_the_owner_role(db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
        cursor.execute(f"ALTER TABLE audit_auditevent OWNER TO {APP_ROLE}")
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
    try:
        assert "owns audit_auditevent" in runtime_role_problem()
        assert [m.id for m in check_audit_table_owner()] == ["weerbaar.W101"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def test_deploy_check_is_quiet_for_the_documented_runtime_role(as_app_role):
    assert runtime_role_problem() == ""
    assert check_audit_table_owner() == []


def test_deploy_check_runs_with_check_deploy(db):
    from django.core.checks import run_checks

    ids = [m.id for m in run_checks(include_deployment_checks=True, tags=["security"])]
    assert "weerbaar.W101" in ids


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain():
    start = AuditEvent.objects.count()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            barrier.wait()
            with acting_as(None, f"worker-{worker}"):
                for i in range(15):
                    AuditEvent.objects.create(
                        actor_label=f"worker-{worker}",
                        object_type="test.Concurrency",
                        object_id=str(i),
                        action=AuditEvent.Action.READ,
                    )
        except BaseException as exc:  # noqa: BLE001 (reported by the main thread)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, start + 61))
    code, _out, err = verify()
    assert code == 0, err
