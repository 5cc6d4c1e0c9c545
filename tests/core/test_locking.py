"""The optimistic-locking mechanism: versions, the conditional claim, the comparison, and
(on PostgreSQL) two concurrent transactions of which exactly one wins."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django import forms
from django.db import connection, transaction

from tests.factories import make_organisation, make_scan
from weerbaar.actions import services as action_services
from weerbaar.actions.models import Action
from weerbaar.core.locking import (
    ConflictError,
    VersionedFormMixin,
    claim_version,
    display_value,
    posted_version,
    save_with_lock,
)
from weerbaar.organisations.models import Organisation


@pytest.mark.django_db
def test_a_new_object_starts_at_1_and_every_save_raises_the_version():
    org = make_organisation()
    assert org.lock_version == 1
    org.name = "Andere naam"
    org.save()
    assert org.lock_version == 2
    org.save(update_fields=["name"])
    assert org.lock_version == 3 == Organisation.objects.get(pk=org.pk).lock_version
    # A stale instance never lowers the stored version.
    stale = Organisation.objects.get(pk=org.pk)
    Organisation.objects.get(pk=org.pk).save()
    stale.save()
    assert Organisation.objects.get(pk=org.pk).lock_version == 5


@pytest.mark.django_db
def test_claim_refuses_an_outdated_version_and_reports_both():
    org = make_organisation()
    first, second = Organisation.objects.get(pk=org.pk), Organisation.objects.get(pk=org.pk)
    first.name = "Eerste"
    save_with_lock(first, 1)
    second.name = "Tweede"
    with pytest.raises(ConflictError) as caught:
        save_with_lock(second, 1)
    assert caught.value.stored.name == "Eerste"
    assert (caught.value.submitted_version, caught.value.stored_version) == (1, 2)
    assert Organisation.objects.get(pk=org.pk).name == "Eerste"
    # No version (a new object, or a caller without a form): saved without a check.
    save_with_lock(second, None)
    assert Organisation.objects.get(pk=org.pk).lock_version == 3


@pytest.mark.django_db(transaction=True)
def test_a_claim_outside_a_transaction_is_refused():
    org = Organisation.objects.create(name="Los", slug="los")
    with pytest.raises(transaction.TransactionManagementError):
        claim_version(org, 1)


class ExampleForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label="Titel")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "Eerste soort"), ("b", "Tweede")])
    due = forms.DateField(label="Datum", required=False)


def test_the_form_compares_per_field_and_rebases_on_the_stored_version():
    org = Organisation(pk=1, name="x", lock_version=4)
    form = ExampleForm(
        {"title": "Mijn titel\r\nregel 2", "kind": "b", "due": "2026-12-31", "lock_version": "2"}
    )
    assert form.is_valid() and form.expected_version == 2
    stored = ExampleForm(
        initial={"title": "Hun titel", "kind": "a", "due": datetime.date(2026, 12, 31)}
    )
    conflict = form.show_conflict(ConflictError(org, submitted_version=2), stored)
    rows = {r.label: r for r in conflict.rows}
    assert (rows["Titel"].stored, rows["Titel"].submitted) == ("Hun titel", "Mijn titel\nregel 2")
    assert (rows["Soort"].stored, rows["Soort"].submitted) == ("Eerste soort", "Tweede")
    assert not rows["Datum"].differs
    assert [r.label for r in conflict.differences] == ["Titel", "Soort"]
    assert 'name="lock_version" value="4"' in str(form["lock_version"])
    assert 'value="Mijn titel' not in str(form["lock_version"])


def test_a_form_without_a_version_is_not_checked_and_a_bad_one_is_refused():
    unversioned = ExampleForm({"title": "t", "kind": "a"})
    assert unversioned.is_valid() and unversioned.expected_version is None
    bad = ExampleForm({"title": "t", "kind": "a", "lock_version": "x"})
    assert not bad.is_valid() and "versie" in str(bad.errors["lock_version"])
    assert posted_version({"lock_version": "7"}) == 7
    assert posted_version({"lock_version": "-1"}) is None
    assert posted_version({}) is None


def test_values_are_shown_as_the_user_sees_them():
    assert display_value(forms.BooleanField(), True) == "Ja"
    assert display_value(forms.CharField(), None) == ""
    field = forms.MultipleChoiceField(choices=[("D1", "Dimensie 1"), ("D2", "Dimensie 2")])
    assert display_value(field, ["D1", "D2"]) == "Dimensie 1\nDimensie 2"
    assert display_value(forms.DateField(), datetime.date(2026, 3, 1)) == "1 maart 2026"


# ----------------------------------------------------------------------------- PostgreSQL


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except ConflictError as exc:
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _race(action_pk: int, *, checked: bool) -> dict:
    """Anna and Bram both read the action at the same version; Anna's transaction saves
    first and stays open while Bram saves; then Anna commits."""
    anna_saved, bram_started = threading.Event(), threading.Event()
    version = Action.objects.get(pk=action_pk).lock_version
    results: dict = {}

    def anna():
        with transaction.atomic():
            action = Action.objects.get(pk=action_pk)
            action_services.update_action(
                action, title="Titel van Anna", expected_version=version if checked else None
            )
            anna_saved.set()
            bram_started.wait(10)
            time.sleep(0.5)  # Bram is now waiting for the row (or has overwritten it)
        return "saved"

    def bram():
        anna_saved.wait(10)
        action = Action.objects.get(pk=action_pk)  # Anna's save is not committed yet
        bram_started.set()
        with transaction.atomic():
            action_services.update_action(
                action, title="Titel van Bram", expected_version=version if checked else None
            )
        return "saved"

    threads = [_in_thread(anna, results, "anna"), _in_thread(bram, results, "bram")]
    for thread in threads:
        thread.join(30)
    results["stored"] = Action.objects.get(pk=action_pk)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_lose_no_update_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks of concurrent transactions are tested on PostgreSQL")
    org = make_organisation()
    scan = make_scan(org)
    action = Action.objects.create(scan=scan, title="Begin", owner_role="actiehouder")

    checked = _race(action.pk, checked=True)
    assert checked["anna"] == "saved"
    assert isinstance(checked["bram"], ConflictError)  # waited for Anna, then refused
    assert checked["bram"].stored.title == "Titel van Anna"
    assert checked["stored"].title == "Titel van Anna"
    assert checked["stored"].lock_version == action.lock_version + 1

    # The same race without a version is exactly the lost update the check prevents, and
    # even then no version increment is lost.
    before = Action.objects.get(pk=action.pk).lock_version
    unchecked = _race(action.pk, checked=False)
    assert (unchecked["anna"], unchecked["bram"]) == ("saved", "saved")
    assert unchecked["stored"].title == "Titel van Bram"
    assert unchecked["stored"].lock_version == before + 2
