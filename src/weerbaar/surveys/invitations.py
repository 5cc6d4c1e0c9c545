"""Invitations (uitnodigingen): e-mail address uploads, anonymous link batches, sending
invitations and reminders, and closing the field period.

A personal link's token is never stored (only its hash, see services.py). So a link can
only be put in an e-mail at the moment it is made:

* uploading addresses creates invitations that are *not yet sent* (their ``token_hash``
  is a placeholder that no link can match);
* sending gives each unsent invitation a fresh token and mails the link;
* a reminder to someone who has not started gets a fresh link (the old one stops working);
  a reminder to someone who has started cannot repeat their link — only that link resumes
  their answers — so it asks them to use the link from the first e-mail.

Invitation states are applied in batches by the background worker (see fieldwork.py), so
the state may lag: a reminder can reach someone who submitted since the last batch (their
link then simply says thank you). Whether a link has answers in progress is checked on the
draft itself before its link is replaced, so no answers are ever cut off by a reminder.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from weerbaar.core.uploads import read_table
from weerbaar.organisations.models import Department

from . import services
from .mail import OutgoingMail, personal_link, send_mails
from .models import Invitation, InvitationState, ResponseDraft, Survey, SurveyMode, SurveyStatus
from .tokens import resume_hash_of_link

UNSENT_PREFIX = "unsent-"
MAX_ROWS = 50_000
MAX_LINKS = 5_000
EMAIL_HEADERS = {"email", "e-mail", "e-mailadres", "emailadres", "mail", "adres"}
DEPARTMENT_HEADERS = {"afdeling", "department", "afd"}


@dataclass
class AddressRow:
    line: int
    email: str
    department: Department | None = None


@dataclass
class AddressUpload:
    """The outcome of reading an address file: good rows, and problems by line."""

    rows: list[AddressRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)


def read_address_file(data: bytes, filename: str, organisation) -> AddressUpload:
    """Read e-mail addresses (and optionally a department) from CSV or XLSX.

    The first column holds the address, an optional second column (or a column headed
    "afdeling") the department name. A header row is recognised and skipped. Bad rows are
    reported by line, good rows kept, repeated addresses reported as duplicates.
    """
    table = read_table(data, filename, MAX_ROWS)
    if len(table) > MAX_ROWS + 1:
        raise ValidationError(_("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_ROWS})
    departments = {d.name.strip().lower(): d for d in organisation.departments.all()}
    email_col, start = 0, 0
    dep_col: int | None = 1
    if table:
        header = [c.lower() for c in table[0]]
        if any(h in EMAIL_HEADERS for h in header):
            email_col = next(i for i, h in enumerate(header) if h in EMAIL_HEADERS)
            dep_col = next((i for i, h in enumerate(header) if h in DEPARTMENT_HEADERS), None)
            start = 1
    out = AddressUpload()
    seen: dict[str, int] = {}
    for index, row in enumerate(table[start:], start=start + 1):
        if not any(row):
            continue
        email = row[email_col].strip() if email_col < len(row) else ""
        try:
            validate_email(email)
        except ValidationError:
            out.errors.append(
                (index, _("“%(value)s” is geen geldig e-mailadres.") % {"value": email[:100]})
            )
            continue
        key = email.lower()
        if key in seen:
            out.duplicates.append((index, email))
            continue
        department = None
        dep_name = row[dep_col].strip() if dep_col is not None and dep_col < len(row) else ""
        if dep_name:
            department = departments.get(dep_name.lower())
            if department is None:
                out.errors.append(
                    (index, _("De afdeling “%(value)s” is onbekend.") % {"value": dep_name[:100]})
                )
                continue
        seen[key] = index
        out.rows.append(AddressRow(index, email, department))
    return out


def _check_personal(survey: Survey) -> None:
    if survey.mode != SurveyMode.PERSONAL:
        raise ValidationError(_("Deze enquête werkt met een open link, niet met uitnodigingen."))
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("De enquête is gesloten."))


def add_invitations(survey: Survey, rows: list[AddressRow]) -> tuple[int, int]:
    """Create unsent invitations for new addresses; returns (added, already invited)."""
    _check_personal(survey)
    emails = survey.invitations.exclude(email=None).values_list("email", flat=True)
    existing = {e.lower() for e in emails if e is not None}
    new = [r for r in rows if r.email.lower() not in existing]
    Invitation.objects.bulk_create(
        [
            Invitation(
                survey=survey,
                token_hash=UNSENT_PREFIX + secrets.token_hex(28),
                email=r.email,
                department=r.department,
            )
            for r in new
        ]
    )
    return len(new), len(rows) - len(new)


def generate_links(survey: Survey, count: int, department=None) -> list[str]:
    """N anonymous personal links (to print or to put on the intranet), shown only once."""
    _check_personal(survey)
    if not 1 <= count <= MAX_LINKS:
        raise ValidationError(_("Kies een aantal tussen 1 en %(max)s.") % {"max": MAX_LINKS})
    tokens = [services.new_token() for _ in range(count)]
    Invitation.objects.bulk_create(
        [
            Invitation(
                survey=survey, token_hash=services.invitation_token_hash(t), department=department
            )
            for t in tokens
        ]
    )
    return [personal_link(t) for t in tokens]


def links_csv(links: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nummer", "link"])
    for i, link in enumerate(links, start=1):
        writer.writerow([i, link])
    return out.getvalue()


def unsent(survey: Survey) -> QuerySet[Invitation]:
    return survey.invitations.filter(token_hash__startswith=UNSENT_PREFIX).exclude(email=None)


def send_invitations(survey: Survey) -> int:
    """Mail every unsent invitation its (fresh) personal link; returns how many were sent."""
    _check_personal(survey)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Open de enquête voordat u uitnodigingen verstuurt."))
    sent = 0
    for invitation in list(unsent(survey)):
        if invitation.email is None:  # excluded by the query; narrows the type
            continue
        token = services.new_token()
        with transaction.atomic():
            Invitation.objects.filter(pk=invitation.pk).update(
                token_hash=services.invitation_token_hash(token)
            )
            sent += send_mails(
                survey, [OutgoingMail(invitation.email, personal_link(token))], "invitation"
            )
    return sent


def send_reminders(survey: Survey) -> int:
    """Remind invitees who have not submitted; never those who have."""
    _check_personal(survey)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Herinneringen kunnen alleen tijdens het veldwerk."))
    sent = 0
    pending = (
        survey.invitations.exclude(email=None)
        .exclude(state=InvitationState.SUBMITTED)
        .exclude(token_hash__startswith=UNSENT_PREFIX)
    )
    for invitation in list(pending):
        if invitation.email is None:  # excluded by the query; narrows the type
            continue
        with transaction.atomic():
            link = None
            update: dict[str, int | str] = {"reminder_count": invitation.reminder_count + 1}
            if invitation.state == InvitationState.NOT_STARTED and not _has_draft(invitation):
                token = services.new_token()
                update["token_hash"] = services.invitation_token_hash(token)
                link = personal_link(token)
            # Only if it is still not submitted at this moment (a respondent may just finish).
            changed = Invitation.objects.filter(pk=invitation.pk, state=invitation.state).update(
                **update
            )
            if changed:
                sent += send_mails(survey, [OutgoingMail(invitation.email, link)], "reminder")
    return sent


def _has_draft(invitation: Invitation) -> bool:
    """Whether this link has answers (its state may not say so yet: states come in batches)."""
    key = resume_hash_of_link(invitation.token_hash)
    return ResponseDraft.objects.filter(survey_id=invitation.survey_id, resume_hash=key).exists()


def close_field_period(survey: Survey) -> Survey:
    """Close the survey: the closing batch, and every e-mail address deleted."""
    return services.close_survey(survey)
