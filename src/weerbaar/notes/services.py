"""Writing, reading and deleting confidential notes (the text is only ever held encrypted)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from weerbaar.audit.services import record_read
from weerbaar.organisations.models import Organisation

from . import crypto
from .models import ConfidentialNote, NoteCiphertext
from .selectors import may_use_notes, possible_readers

TITLE_MAX = 200
BODY_MAX = 20_000


@dataclass(frozen=True)
class NoteText:
    title: str
    body: str


def _seal(note: ConfidentialNote, text: NoteText) -> None:
    payload = json.dumps({"title": text.title, "body": text.body}, ensure_ascii=False).encode()
    sealed = crypto.seal(payload, note.uid.bytes)
    NoteCiphertext.objects.update_or_create(
        note=note,
        defaults={"key_id": sealed.key_id, "nonce": sealed.nonce, "ciphertext": sealed.ciphertext},
    )


def decrypt(note: ConfidentialNote) -> NoteText:
    """The note's title and body; raises :class:`weerbaar.notes.crypto.NoteUnreadable`."""
    stored = note.sealed
    plain = crypto.open_sealed(
        crypto.Sealed(stored.key_id, bytes(stored.nonce), bytes(stored.ciphertext)), note.uid.bytes
    )
    data = json.loads(plain.decode())
    return NoteText(title=data["title"], body=data["body"])


def _check(organisation: Organisation, author, text: NoteText, readers: Iterable) -> list:
    if not may_use_notes(author, organisation):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not text.title.strip():
        errors["title"] = _("Geef de notitie een titel.")
    elif len(text.title) > TITLE_MAX:
        errors["title"] = _("Een titel is ten hoogste %(n)s tekens.") % {"n": TITLE_MAX}
    if len(text.body) > BODY_MAX:
        errors["body"] = _("Een notitie is ten hoogste %(n)s tekens.") % {"n": BODY_MAX}
    readers = list(readers)
    allowed = set(possible_readers(organisation, author).values_list("pk", flat=True))
    if any(r.pk not in allowed for r in readers):
        errors["readers"] = _(
            "U kunt alleen leden van uw organisatie noemen die vertrouwelijke notities mogen "
            "lezen (gemeentesecretaris of burgemeester)."
        )
    if errors:
        raise ValidationError(errors)
    return readers


@transaction.atomic
def create_note(
    organisation: Organisation, author, text: NoteText, readers: Iterable = ()
) -> ConfidentialNote:
    """A new note of ``author``, readable by ``readers`` (members who may keep notes)."""
    named = _check(organisation, author, text, readers)
    note = ConfidentialNote.objects.create(organisation=organisation, author=author)
    note.readers.set(named)
    _seal(note, text)
    return note


@transaction.atomic
def update_note(note: ConfidentialNote, editor, text: NoteText, readers: Iterable) -> None:
    """Change a note's text and readers: only its author may."""
    if note.author_id != editor.pk:
        raise PermissionDenied
    named = _check(note.organisation, editor, text, readers)
    note.save(update_fields=["updated_at"])
    note.readers.set(named)
    _seal(note, text)


@transaction.atomic
def delete_note(note: ConfidentialNote, user) -> None:
    """Delete a note and its ciphertext: only its author may."""
    if note.author_id != user.pk:
        raise PermissionDenied
    NoteCiphertext.objects.filter(note=note).delete()
    note.delete()


def read_note(request: HttpRequest, note: ConfidentialNote) -> NoteText:
    """Decrypt a note for the request's user and record the read in the audit log."""
    text = decrypt(note)
    record_read(request, note, "confidential_note")
    return text


def read_titles(
    request: HttpRequest, organisation: Organisation, notes: list[ConfidentialNote]
) -> dict[int, str | None]:
    """The titles of ``notes`` (for a list; None when unreadable), recorded as one read."""
    titles: dict[int, str | None] = {}
    for note in notes:
        try:
            titles[note.pk] = decrypt(note).title
        except crypto.NoteUnreadable:  # its key is not configured here: shown as unreadable
            titles[note.pk] = None
    if notes:
        record_read(request, organisation, "confidential_note_titles", {"notes": sorted(titles)})
    return titles


def reencrypt_all() -> int:
    """Encrypt every note not yet under the active key with it; returns how many changed."""
    active = crypto.active_key_id()
    changed = 0
    stale = NoteCiphertext.objects.exclude(key_id=active).select_related("note")
    for stored in stale.iterator():
        with transaction.atomic():
            _seal(stored.note, decrypt(stored.note))
        changed += 1
    return changed
