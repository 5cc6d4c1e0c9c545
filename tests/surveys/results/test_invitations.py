"""Invitations: address uploads (CSV/XLSX), anonymous links, SMTP invitations, reminders
to non-responders only, and e-mail addresses deleted when the field period closes."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from weerbaar.surveys import invitations, services
from weerbaar.surveys.models import Invitation, InvitationState

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def body_of(msg) -> str:
    return msg.get_content()


def test_csv_upload_keeps_good_rows_and_reports_bad_ones_by_line(voorbeeld):
    data = (
        b"e-mail;afdeling\n"
        b"anna@voorbeeld.nl;Publiekszaken\n"
        b"geen-adres\n"
        b"bram@voorbeeld.nl;Bestaat Niet\n"
        b"\n"
        b"ANNA@voorbeeld.nl;Publiekszaken\n"
        b"carla@voorbeeld.nl\n"
    )
    result = invitations.read_address_file(data, "adressen.csv", voorbeeld)
    assert [(r.line, r.email) for r in result.rows] == [
        (2, "anna@voorbeeld.nl"),
        (7, "carla@voorbeeld.nl"),
    ]
    assert result.rows[0].department.name == "Publiekszaken"
    assert [line for line, _msg in result.errors] == [3, 4]
    assert "geen geldig e-mailadres" in result.errors[0][1]
    assert "afdeling" in result.errors[1][1]
    assert result.duplicates == [(6, "ANNA@voorbeeld.nl")]


def test_xlsx_upload_without_header(voorbeeld):
    wb = Workbook()
    ws = wb.active
    ws.append(["dirk@voorbeeld.nl", "Sociaal Domein"])
    ws.append(["fout@", None])
    buf = io.BytesIO()
    wb.save(buf)
    result = invitations.read_address_file(buf.getvalue(), "lijst.xlsx", voorbeeld)
    assert [r.email for r in result.rows] == ["dirk@voorbeeld.nl"]
    assert result.errors[0][0] == 2


def test_unreadable_files_are_refused_with_a_message(voorbeeld):
    with pytest.raises(ValidationError, match="Excel-bestand"):
        invitations.read_address_file(b"not a zip", "lijst.xlsx", voorbeeld)
    with pytest.raises(ValidationError, match="CSV- of Excel"):
        invitations.read_address_file(b"x", "lijst.pdf", voorbeeld)


def test_generated_links_work_once_shown(open_staff_survey):
    links = invitations.generate_links(open_staff_survey, 3)
    assert len(links) == 3 and len(set(links)) == 3
    token = links[0].rstrip("/").rsplit("/", 1)[-1]
    respondent = services.resolve_personal_link(token)
    assert respondent.survey == open_staff_survey
    assert "nummer,link" in invitations.links_csv(links)
    with pytest.raises(ValidationError):
        invitations.generate_links(open_staff_survey, 0)


def test_invitations_and_reminders_over_smtp(open_staff_survey, smtp_settings, voorbeeld):
    messages = smtp_settings
    upload = invitations.read_address_file(
        b"anna@voorbeeld.nl\nbram@voorbeeld.nl\ncarla@voorbeeld.nl\n", "a.csv", voorbeeld
    )
    assert invitations.add_invitations(open_staff_survey, upload.rows) == (3, 0)
    assert invitations.add_invitations(open_staff_survey, upload.rows) == (0, 3)

    assert invitations.send_invitations(open_staff_survey) == 3
    assert invitations.send_invitations(open_staff_survey) == 0  # each address once
    assert sorted(to[0] for to, _m in messages) == [
        "anna@voorbeeld.nl",
        "bram@voorbeeld.nl",
        "carla@voorbeeld.nl",
    ]
    to, msg = messages[0]
    assert msg["Subject"] == "Uitnodiging: Enquête medewerkers (test)"
    text = body_of(msg)
    assert "Beste collega" in text and "anoniem" in text
    link = re.search(r"https://weerbaar\.voorbeeld\.nl/r/([\w-]+)/", text)
    assert link, text
    respondent = services.resolve_personal_link(link.group(1))
    assert respondent.invitation.email == to[0]

    # Anna submits, Bram starts, Carla does nothing.
    by_email = {i.email: i for i in open_staff_survey.invitations.all()}
    Invitation.objects.filter(pk=by_email["anna@voorbeeld.nl"].pk).update(
        state=InvitationState.SUBMITTED
    )
    Invitation.objects.filter(pk=by_email["bram@voorbeeld.nl"].pk).update(
        state=InvitationState.STARTED
    )
    messages.clear()
    assert invitations.send_reminders(open_staff_survey) == 2
    reminded = {to[0]: body_of(m) for to, m in messages}
    assert set(reminded) == {"bram@voorbeeld.nl", "carla@voorbeeld.nl"}
    assert all(m["Subject"].startswith("Herinnering:") for _to, m in messages)
    assert "/r/" in reminded["carla@voorbeeld.nl"]  # a fresh link
    assert "/r/" not in reminded["bram@voorbeeld.nl"]  # "use the link from the first e-mail"
    assert "eerdere e-mail" in reminded["bram@voorbeeld.nl"]
    fresh = re.search(r"/r/([\w-]+)/", reminded["carla@voorbeeld.nl"]).group(1)
    assert services.resolve_personal_link(fresh).invitation.email == "carla@voorbeeld.nl"


def test_closing_the_field_period_deletes_addresses(open_staff_survey, voorbeeld):
    upload = invitations.read_address_file(b"anna@voorbeeld.nl\n", "a.csv", voorbeeld)
    invitations.add_invitations(open_staff_survey, upload.rows)
    invitations.close_field_period(open_staff_survey)
    assert not open_staff_survey.invitations.exclude(email=None).exists()
    with pytest.raises(ValidationError):
        invitations.add_invitations(open_staff_survey, upload.rows)
