"""Confidential notes: only author and named readers, encrypted at rest, every read audited.

Each test attacks one promise of docs/privacy.md ("Confidential notes").
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from tests.factories import client_for_user, make_organisation, make_user
from weerbaar.audit.models import AuditEvent
from weerbaar.notes import crypto
from weerbaar.notes.models import ConfidentialNote, NoteCiphertext
from weerbaar.notes.services import NoteText, create_note, decrypt, reencrypt_all
from weerbaar.organisations.models import Role

SECRET = "Geheime afspraak over pand Dorpsstraat 12"


@pytest.fixture
def mayor(voorbeeld):
    return make_user("burgemeester@voorbeeld.test", role=Role.BURGEMEESTER, organisation=voorbeeld)


@pytest.fixture
def note(voorbeeld, user_for, mayor):
    return create_note(voorbeeld, user_for("secretaris"), NoteText("Driehoek mei", SECRET), [mayor])


def urls(note):
    org = note.organisation.slug
    kw = {"org": org, "confidentialnote_id": note.pk}
    return [
        reverse("notes:list", kwargs={"org": org}),
        reverse("notes:create", kwargs={"org": org}),
        reverse("notes:detail", kwargs=kw),
        reverse("notes:edit", kwargs=kw),
        reverse("notes:delete", kwargs=kw),
    ]


def test_author_and_named_reader_read_it_and_every_read_is_audited(note, client_for, mayor):
    detail = urls(note)[2]
    for client, user in ((client_for("secretaris"), note.author), (client_for_user(mayor), mayor)):
        before = AuditEvent.objects.filter(action="read", actor=user).count()
        response = client.get(detail)
        assert response.status_code == 200
        assert SECRET in response.content.decode()
        reads = AuditEvent.objects.filter(action="read", actor=user).order_by("-pk")
        assert reads.count() == before + 1
        event = reads.first()
        assert event.object_type == "notes.ConfidentialNote"
        assert event.object_id == str(note.pk)
        assert event.after["what"] == "confidential_note"
        assert SECRET not in str(event.after) and "Driehoek" not in event.object_repr


@pytest.mark.parametrize(
    "role", ["coordinator", "beheerder", "riec", "lezer", "actiehouder", "oosterveld"]
)
def test_no_other_role_gets_any_notes_page(role, note, client_for):
    client = client_for(role)
    for url in urls(note):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"title": "x"})
            assert response.status_code == 404, (role, method, url)
            assert SECRET not in response.content.decode()
    assert NoteCiphertext.objects.filter(note=note).exists()


def test_a_mayor_not_named_sees_neither_the_note_nor_its_title(note, voorbeeld, user_for):
    other = make_user(role=Role.BURGEMEESTER, organisation=voorbeeld)
    client = client_for_user(other)
    listing = client.get(urls(note)[0])
    assert listing.status_code == 200
    assert "Driehoek mei" not in listing.content.decode()
    for url in urls(note)[2:]:
        assert client.get(url).status_code == 404


def test_the_named_reader_may_not_edit_or_delete(note, mayor):
    client = client_for_user(mayor)
    for url in urls(note)[3:]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Overschreven", "body": ""}).status_code == 404
    assert decrypt(note).body == SECRET


def test_note_text_appears_on_no_other_page_for_other_roles(note, client_for, voorbeeld):
    """Every scoped page (exports, reports, API docs, search, regional view included)."""
    from tests.test_isolation import GLOBAL, SCOPED, fill_kwargs

    for role in ("coordinator", "riec"):  # beheerder, lezer: see the 404 test above
        client = client_for(role)
        for pattern, name, _callback in [*SCOPED, *GLOBAL]:
            response = client.get(reverse(name, kwargs=fill_kwargs(pattern, voorbeeld)))
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert SECRET.encode() not in body, (role, name)
            assert b"Driehoek mei" not in body, (role, name)


def test_list_shows_titles_and_records_one_read(note, client_for):
    client = client_for("secretaris")
    response = client.get(urls(note)[0])
    assert "Driehoek mei" in response.content.decode()
    event = AuditEvent.objects.filter(action="read").order_by("-pk").first()
    assert event.after["what"] == "confidential_note_titles"
    assert note.pk in event.after["notes"]


def test_naming_a_coordinator_is_refused_and_the_text_kept(voorbeeld, client_for, user_for):
    coordinator = user_for("coordinator")
    client = client_for("secretaris")
    before = ConfidentialNote.objects.count()
    response = client.post(
        urls_for_create(voorbeeld),
        {"title": "Nieuwe notitie", "body": "Nog niet bewaard", "readers": [coordinator.pk]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nog niet bewaard" in body
    assert "field-error" in body
    assert ConfidentialNote.objects.count() == before


def urls_for_create(organisation):
    return reverse("notes:create", kwargs={"org": organisation.slug})


def test_create_edit_and_delete_through_the_pages(voorbeeld, client_for, mayor):
    client = client_for("secretaris")
    response = client.post(
        urls_for_create(voorbeeld),
        {"title": "Tandem juni", "body": "Eerste versie", "readers": [mayor.pk]},
    )
    assert response.status_code == 302
    created = ConfidentialNote.objects.order_by("-pk").first()
    assert list(created.readers.all()) == [mayor]
    edit = reverse("notes:edit", kwargs={"org": "voorbeeld", "confidentialnote_id": created.pk})
    assert client.post(edit, {"title": "Tandem juni", "body": "Tweede versie"}).status_code == 302
    created.refresh_from_db()
    assert decrypt(created).body == "Tweede versie"
    assert list(created.readers.all()) == []
    delete = reverse("notes:delete", kwargs={"org": "voorbeeld", "confidentialnote_id": created.pk})
    assert client.post(delete).status_code == 302
    assert not ConfidentialNote.objects.filter(pk=created.pk).exists()
    assert not NoteCiphertext.objects.filter(note_id=created.pk).exists()


def test_a_ciphertext_moved_to_another_note_does_not_decrypt(note, voorbeeld, user_for):
    other = create_note(voorbeeld, user_for("secretaris"), NoteText("Ander", "tekst"))
    stolen = NoteCiphertext.objects.get(note=note)
    NoteCiphertext.objects.filter(note=other).update(
        key_id=stolen.key_id, nonce=stolen.nonce, ciphertext=stolen.ciphertext
    )
    other.refresh_from_db()
    with pytest.raises(crypto.NoteUnreadable):
        decrypt(other)


def _key_line(key_id):
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def test_key_rotation_re_encrypts_under_the_new_key(note, settings):
    old = list(settings.NOTES_KEYS)
    new = _key_line("k2")
    with override_settings(NOTES_KEYS=[new, *old]):
        assert decrypt(note).body == SECRET  # old key still decrypts
        assert reencrypt_all() >= 1
        assert NoteCiphertext.objects.get(note=note).key_id == "k2"
    with override_settings(NOTES_KEYS=[new]):
        note.refresh_from_db()
        assert decrypt(note).body == SECRET  # the old key may now be removed


def test_without_the_key_nothing_decrypts(note):
    with override_settings(NOTES_KEYS=[_key_line("test")]):
        note.refresh_from_db()
        with pytest.raises(crypto.NoteUnreadable):
            decrypt(note)


def test_a_note_under_a_missing_key_shows_a_message_not_an_error(note, client_for):
    client = client_for("secretaris")
    with override_settings(NOTES_KEYS=[_key_line("other")]):
        for url in (urls(note)[0], urls(note)[2], urls(note)[3]):
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert "niet te lezen" in body or "niet worden gelezen" in body, url
            assert SECRET not in body


def test_key_file_is_created_on_first_use_and_rotated_by_the_command(
    tmp_path, note, capsys, settings
):
    path = tmp_path / "notes-keys"
    test_key = settings.NOTES_KEYS[0]
    with override_settings(NOTES_KEYS=[], NOTES_KEY_FILE=path):
        created = create_note(note.organisation, note.author, NoteText("Bestand", "sleutel"))
        assert path.exists()
        assert (os.stat(path).st_mode & 0o777) == 0o600
        assert NoteCiphertext.objects.get(note=created).key_id == "k1"
        with path.open("a") as keys_file:  # the other notes' key, as an older key
            keys_file.write(test_key + "\n")
        call_command("notes", "rotate", "--new-key")
        active = crypto.active_key_id()
        assert active not in {"k1", "test"}
        created.refresh_from_db()
        assert created.sealed.key_id == active
        assert decrypt(created).body == "sleutel"
        assert not NoteCiphertext.objects.exclude(key_id=active).exists()
        call_command("notes", "keys")
        assert f'"active_key": "{active}"' in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_note_text():
    organisation = make_organisation()
    author = make_user(role=Role.SECRETARIS, organisation=organisation)
    create_note(organisation, author, NoteText("Titel-XQ7", SECRET))
    if connection.vendor == "postgresql":
        from weerbaar.maintenance.database import _pg_tool, pg_environment

        done = subprocess.run(  # noqa: S603 - fixed tool, our own arguments
            [_pg_tool("pg_dump"), "--format=plain", "--data-only"],
            env=pg_environment("default"),
            capture_output=True,
            check=True,
        )
        dump = done.stdout
    else:
        dump = connection.connection.serialize()
    assert b"Titel-XQ7" not in dump
    assert SECRET.encode() not in dump
    assert "Dorpsstraat".encode("utf-16-le") not in dump


def test_the_key_file_is_not_in_the_backed_up_data_folder(settings):
    from pathlib import Path

    from weerbaar.maintenance.database import data_dir

    default_data = Path(settings.VAR_DIR) / "data"
    key_path = Path(settings.NOTES_KEY_FILE).resolve()
    for folder in (data_dir().resolve(), default_data.resolve()):
        assert folder not in key_path.parents


def test_the_service_refuses_readers_and_authors_without_notes_use(voorbeeld, user_for, oosterveld):
    from django.core.exceptions import PermissionDenied, ValidationError

    secretaris = user_for("secretaris")
    for outsider in (user_for("coordinator"), user_for("oosterveld"), user_for("beheerder")):
        with pytest.raises(ValidationError):
            create_note(voorbeeld, secretaris, NoteText("Titel", "tekst"), [outsider])
    with pytest.raises(PermissionDenied):
        create_note(voorbeeld, user_for("coordinator"), NoteText("Titel", "tekst"))
    with pytest.raises(PermissionDenied):
        create_note(oosterveld, secretaris, NoteText("Titel", "tekst"))


def test_a_malformed_key_fails_the_system_check(settings):
    from weerbaar.notes.checks import check_note_keys

    assert check_note_keys() == []
    settings.NOTES_KEYS = ["k1:not-a-key"]
    messages = check_note_keys()
    assert [m.id for m in messages] == ["weerbaar.notes.E001"]
    assert "k1" in messages[0].msg


def test_the_demo_mayor_reads_the_notes_shared_with_the_mayor(voorbeeld):
    from django.contrib.auth import get_user_model

    from tests.factories import client_for_user

    mayor = get_user_model().objects.get(email="burgemeester@voorbeeld.demo")
    page = client_for_user(mayor).get(reverse("notes:list", kwargs={"org": "voorbeeld"}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tandemoverleg: voorbereiding driehoek" in body
    assert "Eigen aantekeningen voorbereiding collegeagenda" not in body
