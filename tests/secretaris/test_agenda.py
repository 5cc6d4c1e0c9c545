"""Ondermijning on the college agenda: live data with suppressed counts, the college-ready
documents (DOCX opens, PDF renders to PNG), the decision and its actions, and the CLI."""

from __future__ import annotations

import datetime
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from PIL import Image, ImageStat

from tests.factories import client_for_user, make_organisation, make_scan, make_user
from weerbaar.actions.models import Action
from weerbaar.incidents import services as incident_services
from weerbaar.organisations.models import Role
from weerbaar.secretaris import agenda
from weerbaar.secretaris.documents import render_agenda_docx, render_agenda_pdf
from weerbaar.secretaris.models import AgendaItem, AgendaStatus

pytestmark = pytest.mark.django_db


def _incidents(org, reporter, n: int, day: datetime.date) -> None:
    for _i in range(n):
        incident_services.report_incident(
            org,
            incident_services.IncidentInput(
                category="bedreiging",
                occurred_on=day,
                form="phone",
                target_function="Baliemedewerker",
                description="Dreigende beller.",
            ),
            reporter,
        )


def _signals(org, n: int) -> None:
    for _i in range(n):
        incident_services.submit_signal(
            org,
            incident_services.SignalInput(
                process="vergunningverlening", kind="application", description="Vreemde aanvraag."
            ),
        )


@pytest.fixture
def small_org(db):
    org = make_organisation(min_cell_size=5)
    secretaris = make_user(role=Role.SECRETARIS, organisation=org, full_name="S. Ecretaris")
    make_scan(org, created_by=secretaris)
    return org, secretaris


def test_counts_below_k_are_withheld_everywhere(small_org):
    org, secretaris = small_org
    today = timezone.localdate()
    _incidents(org, secretaris, 2, today - datetime.timedelta(days=3))
    _signals(org, 4)
    item = agenda.create_item(org, title="Ondermijning Q4", meeting_date=today, user=secretaris)
    assert item.data["k"] == 5
    assert item.data["incidents"] == {"value": None, "suppressed": True}
    assert item.data["signals"] == {"value": None, "suppressed": True}

    client = client_for_user(secretaris)
    url = reverse("secretaris:agenda_detail", kwargs={"org": org.slug, "agendaitem_id": item.pk})
    body = client.get(url).content.decode()
    assert "Nieuwe incidenten (VPT): onderdrukt" in body
    assert "Nieuwe signalen van ondermijning: onderdrukt" in body
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(render_agenda_docx(item))).paragraphs)
    assert "Nieuwe incidenten (VPT): onderdrukt" in docx_text
    assert "Nieuwe signalen van ondermijning: onderdrukt" in docx_text

    out = io.StringIO()
    call_command("gs", "agenda", org.slug, "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["item"]["data"]["incidents"] == {"value": None, "suppressed": True}
    assert printed["item"]["data"]["signals"]["value"] is None

    # At k or more the count is shown.
    _incidents(org, secretaris, 4, today - datetime.timedelta(days=2))
    agenda.refresh(item)
    assert item.data["incidents"] == {"value": 6, "suppressed": False}
    assert item.data["signals"] == {"value": None, "suppressed": True}


def test_live_data_from_the_action_plan_and_the_register(voorbeeld):
    data = agenda.prepare_data(voorbeeld, timezone.localdate())
    total = Action.objects.filter(scan__organisation=voorbeeld).count()
    assert data["actions"]["total"] == total
    assert data["actions"]["overdue"] == len(
        [
            a
            for a in Action.objects.filter(scan__organisation=voorbeeld)
            if a.is_open and a.due_date and a.due_date < timezone.localdate()
        ]
    )
    assert len(data["overdue"]) == min(data["actions"]["overdue"], agenda.MAX_OVERDUE)
    assert data["processes"], "the demo register has scored processes"
    scores = [p["score"] for p in data["processes"]]
    assert scores == sorted(scores, reverse=True)
    json.dumps(data)  # stored as JSON


def test_documents_open_and_render(voorbeeld, tmp_path):
    item = AgendaItem.objects.filter(organisation=voorbeeld).first()
    assert item is not None and item.status == AgendaStatus.DECIDED
    doc = Document(io.BytesIO(render_agenda_docx(item)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert item.title in text
    assert "Besluit van het college" in text
    assert "Voorstel vier-ogen bij de vergunningverlening horeca" in text
    assert doc.tables, "the vulnerabilities table"

    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(render_agenda_pdf(item))
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 1
    assert ImageStat.Stat(Image.open(images[0]).convert("L")).stddev[0] > 5


def test_download_views(client_for, voorbeeld):
    item = AgendaItem.objects.filter(organisation=voorbeeld).first()
    client = client_for("secretaris")
    kwargs = {"org": voorbeeld.slug, "agendaitem_id": item.pk}
    pdf = client.get(reverse("secretaris:agenda_pdf", kwargs=kwargs))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    docx = client.get(reverse("secretaris:agenda_docx", kwargs=kwargs))
    assert docx.status_code == 200
    Document(io.BytesIO(docx.content))


def test_edit_decide_and_add_an_action(small_org):
    org, secretaris = small_org
    client = client_for_user(secretaris)
    list_url = reverse("secretaris:agenda", kwargs={"org": org.slug})
    meeting = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(list_url, {"title": "Ondermijning", "meeting_date": meeting})
    assert response.status_code == 302
    item = AgendaItem.objects.get(organisation=org)
    kwargs = {"org": org.slug, "agendaitem_id": item.pk}

    edit = client.post(
        reverse("secretaris:agenda_detail", kwargs=kwargs),
        {
            "title": "Ondermijning: stand van zaken",
            "meeting_date": meeting,
            "introduction": "Toelichting voor het college.",
            "decisions_needed": "Kennisnemen.",
            "lock_version": item.lock_version,
        },
    )
    assert edit.status_code == 302
    item.refresh_from_db()
    assert item.introduction == "Toelichting voor het college."

    # An empty decision: a Dutch message on the same page, the other input kept.
    empty = client.post(
        reverse("secretaris:agenda_decision", kwargs=kwargs),
        {"decision": "", "decided_on": meeting},
    )
    assert empty.status_code == 200
    assert "Dit veld is verplicht." in empty.content.decode()

    decided = client.post(
        reverse("secretaris:agenda_decision", kwargs=kwargs),
        {"decision": "Het college stemt in.", "decided_on": meeting},
    )
    assert decided.status_code == 302
    item.refresh_from_db()
    assert item.status == AgendaStatus.DECIDED

    past = client.post(
        reverse("secretaris:agenda_action", kwargs=kwargs),
        {"title": "Vier-ogen", "owner_role": Role.COORDINATOR, "due_date": "2000-01-01"},
    )
    assert past.status_code == 200
    assert "ligt in het verleden" in past.content.decode()
    assert "Vier-ogen" in past.content.decode()

    added = client.post(
        reverse("secretaris:agenda_action", kwargs=kwargs),
        {"title": "Vier-ogen", "owner_role": Role.COORDINATOR, "due_date": meeting},
    )
    assert added.status_code == 302
    action = item.resulting_actions.get()
    assert action.title == "Vier-ogen" and action.scan.organisation == org
    assert "Besluit van het college" in action.description

    # A decided item keeps the data it was decided on.
    refresh = client.post(reverse("secretaris:agenda_refresh", kwargs=kwargs), follow=True)
    assert "al besloten" in refresh.content.decode()


def test_cli_prints_live_data_without_an_item(small_org):
    org, _secretaris = small_org
    out = io.StringIO()
    call_command("gs", "agenda", org.slug, "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["item"] is None
    assert set(printed["data"]) >= {"actions", "incidents", "signals", "processes", "k"}
    assert not AgendaItem.objects.filter(organisation=org).exists()


def test_overdue_screenings_and_due_awareness_sessions_reach_the_agenda_and_the_workspace(
    voorbeeld, client_for
):
    """The demo has a function whose screening is past renewal and an overdue session."""
    from weerbaar.awareness.services import due_sessions, is_overdue
    from weerbaar.screening.selectors import overdue_summary

    today = timezone.localdate()
    screening = overdue_summary(voorbeeld, today)
    sessions = due_sessions(voorbeeld, today)
    assert screening["functions_overdue"] >= 1
    assert any(is_overdue(s, today) for s in sessions)
    data = agenda.prepare_data(voorbeeld, today)
    assert data["screening"]["functions_overdue"] == screening["functions_overdue"]
    assert data["awareness"] == {
        "due": len(sessions),
        "overdue": sum(1 for s in sessions if is_overdue(s, today)),
    }
    item = agenda.create_item(voorbeeld, title="Ondermijning", meeting_date=today)
    text = "\n".join(p.text for p in Document(io.BytesIO(render_agenda_docx(item))).paragraphs)
    text += "\n".join(
        cell.text
        for table in Document(io.BytesIO(render_agenda_docx(item))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Functies met een screening over de vernieuwingsdatum" in text
    home = client_for("secretaris").get(reverse("secretaris:home", kwargs={"org": "voorbeeld"}))
    page = home.content.decode()
    assert "functies met een screening over de vernieuwingsdatum" in page
    assert reverse("screening:overview", kwargs={"org": "voorbeeld"}) in page
    assert reverse("awareness:planner", kwargs={"org": "voorbeeld"}) in page


def test_incident_figures_on_the_agenda_name_the_whole_quarters_they_cover(voorbeeld):
    data = agenda.prepare_data(voorbeeld, datetime.date(2026, 5, 20))
    assert data["period_from"].endswith(("-01-01", "-04-01", "-07-01", "-10-01"))
    assert data["period_to"].endswith(("-03-31", "-06-30", "-09-30", "-12-31"))
