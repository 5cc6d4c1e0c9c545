"""Portfolio risks: processes and functions from the register, open actions, the questions
from the library, and a one-page brief as HTML and PDF."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from weerbaar.actions.models import OPEN_STATUSES, Action
from weerbaar.secretaris import portfolios
from weerbaar.secretaris.content import portfolio_questions_document, questions_for
from weerbaar.secretaris.models import Portfolio

pytestmark = pytest.mark.django_db


def test_questions_come_from_the_library():
    doc = portfolio_questions_document()
    general = [q for q in doc["questions"] if not q.get("categories")]
    assert questions_for(set()) == general
    bibob = [q["id"] for q in questions_for({"vergunningverlening"})]
    assert "PQ-bibob-gesprek" in bibob
    for q in doc["questions"]:
        assert q["source"].startswith("BMC/Pro Facto (2025), §")


def test_brief_lists_register_entries_actions_and_questions(voorbeeld):
    portfolio = Portfolio.objects.filter(organisation=voorbeeld).first()
    assert portfolio.processes.exists()
    entry = portfolio.processes.first()
    action = Action.objects.filter(scan__organisation=voorbeeld, status__in=OPEN_STATUSES).first()
    action.process_entry = entry
    action.save()
    brief = portfolios.brief(portfolio)
    assert {p["name"] for p in brief.processes} == {p.name for p in portfolio.processes.all()}
    assert action in brief.actions
    assert all(a.status in OPEN_STATUSES for a in brief.actions)
    assert brief.questions


def test_brief_page_and_pdf(client_for, voorbeeld, tmp_path):
    portfolio = Portfolio.objects.filter(organisation=voorbeeld).first()
    client = client_for("secretaris")
    kwargs = {"org": voorbeeld.slug, "portfolio_id": portfolio.pk}
    page = client.get(reverse("secretaris:portfolio_detail", kwargs=kwargs))
    assert page.status_code == 200
    assert "Vragen voor het portefeuillegesprek" in page.content.decode()
    response = client.get(reverse("secretaris:portfolio_pdf", kwargs=kwargs))
    assert response.status_code == 200
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout, "one page for the portfolio talk"
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p-*.png"))


def test_create_a_portfolio_with_role_title_only(client_for, voorbeeld):
    processes, functions = portfolios.register_entries(voorbeeld)
    client = client_for("secretaris")
    url = reverse("secretaris:portfolios", kwargs={"org": voorbeeld.slug})
    missing = client.post(url, {"holder_title": "", "name": "Financiën"})
    assert missing.status_code == 200
    assert "Dit veld is verplicht." in missing.content.decode()
    assert 'value="Financiën"' in missing.content.decode()
    response = client.post(
        url,
        {
            "holder_title": "Wethouder Financiën",
            "name": "Financiën en inkoop",
            "processes": [processes.first().pk],
            "functions": [functions.first().pk],
        },
    )
    assert response.status_code == 302
    created = Portfolio.objects.get(organisation=voorbeeld, name="Financiën en inkoop")
    assert list(created.processes.all()) == [processes.first()]


def test_entries_of_another_organisation_cannot_be_chosen(client_for, voorbeeld, oosterveld):
    from tests.factories import make_scan
    from weerbaar.registers.models import ProcessEntry

    foreign = ProcessEntry.objects.create(scan=make_scan(oosterveld), own_name="Elders")
    url = reverse("secretaris:portfolios", kwargs={"org": voorbeeld.slug})
    response = client_for("secretaris").post(
        url, {"holder_title": "Wethouder", "name": "X", "processes": [foreign.pk]}
    )
    assert response.status_code == 200
    assert not Portfolio.objects.filter(organisation=voorbeeld, name="X").exists()
