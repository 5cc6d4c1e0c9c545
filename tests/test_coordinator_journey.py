"""A new scan from start to action plan, following only the screen, in headless Chromium."""

from __future__ import annotations

import random
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser_login import log_in_as_demo_role as login
from weerbaar.organisations.models import Organisation
from weerbaar.surveys import respondents
from weerbaar.surveys.demo import staff_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_as_respondents(tokens: list[str]) -> None:
    """Each invited employee answers through their link, as the respondent pages do."""
    rng = random.Random(7)
    organisation = Organisation.objects.get(slug="voorbeeld")
    departments = list(organisation.departments.all())
    for token, answers in zip(tokens, staff_answers(rng, len(tokens), departments), strict=True):
        draft = respondents.start_response(respondents.resolve_personal_link(token))
        respondents.save_answers(draft, answers, 0)
        assert respondents.submit_response(draft)


def test_a_coordinator_runs_a_scan_from_start_to_action_plan(
    browser, page, live_server, fresh_demo
):
    """Create a scan, adapt and send a survey, see its results after closing, fill the registers and
    the self-assessment, publish a report that the secretaris approves, make the action plan.
    """
    base = live_server.url
    login(page, base, "coordinator")
    page.get_by_role("link", name="Nieuwe scan").click()
    page.get_by_label("Titel").fill("Weerbaarheidsscan 2027")
    page.get_by_label("Begin periode").fill("2027-01-01")
    page.get_by_label("Einde periode").fill("2027-06-30")
    page.get_by_role("button", name="Scan aanmaken").click()
    page.wait_for_url(f"{base}/o/voorbeeld/scans/*/")
    scan_url = page.url

    # Adapting the staff questionnaire: a copy, with the closing question reworded.
    page.get_by_role("link", name="Nieuwe enquête").click()
    page.get_by_role("link", name="Vragenlijsten bekijken, kopiëren en aanpassen").click()
    page.get_by_role(
        "button", name="Kopie maken van Weerbaarheid medewerkers tegen ondermijning", exact=True
    ).click()
    page.wait_for_url(re.compile(r"/vragenlijsten/\d+/$"))
    copy_id = page.url.rstrip("/").rsplit("/", 1)[1]
    page.get_by_role("link", name="Vragen, antwoorden en routering bewerken").click()
    page.get_by_role("link", name="Bewerken en routering van vraag 20", exact=True).click()
    page.get_by_label("Vraagtekst").fill("Wilt u nog iets kwijt over weerbaarheid in Voorbeeld?")
    page.get_by_role("button", name="Vraag opslaan").click()
    expect(
        page.get_by_text("Wilt u nog iets kwijt over weerbaarheid in Voorbeeld?")
    ).to_be_visible()

    page.goto(scan_url)
    page.get_by_role("link", name="Nieuwe enquête").click()
    page.get_by_label("Vragenlijst").select_option(copy_id)
    page.get_by_label("Persoonlijke links").check()
    page.get_by_role("button", name="Enquête aanmaken").click()
    page.wait_for_url(f"{base}/o/voorbeeld/enquetes/*/")
    survey_url = page.url
    expect(page.locator("main")).to_contain_text("Wilt u nog iets kwijt over weerbaarheid")
    page.get_by_role("button", name="Enquête openen").click()
    expect(page.get_by_role("button", name="Enquête sluiten")).to_be_visible()
    page.get_by_role("link", name="Uitnodigingen").first.click()
    addresses = "\n".join(f"medewerker{i}@voorbeeld.demo" for i in range(12))
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(
        {"name": "adressen.csv", "mimeType": "text/csv", "buffer": addresses.encode()}
    )
    page.get_by_role("button", name="Inlezen").click()
    expect(page.locator("main")).to_contain_text("12 nieuwe adressen toegevoegd")
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.locator("main")).to_contain_text("12 genodigden met e-mailadres, van wie 0")
    links = [re.search(r"/r/([^/\s]+)/", m.body).group(1) for m in mail.outbox]
    assert len(links) == 12
    answer_as_respondents(links)

    page.goto(survey_url)
    page.get_by_role("button", name="Enquête sluiten").click()
    expect(page.locator("main")).to_contain_text("De enquête is gesloten")
    page.get_by_role("link", name="Resultaten").first.click()
    expect(page.locator("main")).to_contain_text("Opvallende uitkomsten")
    expect(page.locator("main svg[role=img]").first).to_be_visible()

    # Registers: the library's processes, scored on the eight criteria.
    page.goto(scan_url)
    page.get_by_role("link", name="Processen").click()
    page.get_by_role(
        "button", name="De acht kwetsbare processen uit de bibliotheek toevoegen"
    ).click()
    expect(page.locator("main")).to_contain_text("Financiële transacties")
    page.get_by_role("link", name="Rode draden scoren in één overzicht").click()
    for criterion, score in zip(("VC1", "VC4", "VC5", "VC8"), "3213", strict=True):
        page.locator(f'select[name$="-{criterion}"]').first.select_option(score)
    page.get_by_role("button", name="Opslaan").first.click()
    expect(page.locator("main")).to_contain_text("opgeslagen")
    page.goto(scan_url)
    expect(page.locator("main")).to_contain_text("8 kwetsbare processen")

    # Self-assessment: one norm that does not comply, with a finding.
    page.get_by_role("link", name="Zelfevaluatie en volwassenheid").click()
    page.get_by_role("link", name="3. Organisatorische borging").click()
    norm = page.locator("form", has=page.locator("#id_i-D3c-N1-status"))
    norm.locator("#id_i-D3c-N1-status").select_option("voldoet_niet")
    norm.locator("#id_i-D3c-N1-finding").fill("Er is geen overzicht van kwetsbare functies.")
    norm.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#card-i-D3c-N1 [role=status]")).to_be_visible()
    page.goto(scan_url)
    expect(page.locator("main")).to_contain_text("1 van 59 normen en aandachtspunten beoordeeld")

    # Recommendations follow from that finding; the coordinator adopts the first.
    page.goto(scan_url + "aanbevelingen/")
    page.get_by_role("button", name="Regels opnieuw toepassen").click()
    expect(page.locator("main")).to_contain_text("De regels zijn toegepast")
    page.get_by_role("button", name="Overnemen").first.click()
    expect(page.locator("main")).to_contain_text("Beslissing vastgelegd")

    # The report: drafted, previewed, checked for completeness and offered for approval.
    page.goto(scan_url)
    page.get_by_role("link", name="Rapport", exact=True).click()
    page.get_by_role("button", name="Rapport opstellen").click()
    page.get_by_label("Samenvatting").fill("De gemeente is op onderdelen weerbaar.")
    with page.expect_navigation():
        page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_role("link", name="Publiceren").click()
    expect(page.get_by_role("heading", name="Volledigheid")).to_be_visible()
    if page.locator("#id_gaps_seen").count():
        page.locator("#id_gaps_seen").check()
    page.locator("#id_confirmed").check()
    page.get_by_role("button", name="Ter vaststelling aanbieden").click()
    page.wait_for_url(f"{base}/o/voorbeeld/rapporten/*/")
    expect(page.locator("main")).to_contain_text("wacht op vaststelling")
    version_url = page.url

    # The gemeentesecretaris approves it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    secretaris = context.new_page()
    login(secretaris, base, "secretaris")
    secretaris.goto(version_url)
    secretaris.get_by_role("button", name="Vaststellen").click()
    secretaris.wait_for_url(version_url)
    expect(secretaris.locator("main")).to_contain_text("Vastgestelde versie")
    context.close()

    # The action plan, from the adopted recommendation.
    page.goto(scan_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Acties maken uit overgenomen aanbevelingen").click()
    page.goto(scan_url)
    page.get_by_role("link", name="Plan van aanpak").click()
    expect(
        page.get_by_role("link", name=re.compile("^Overzicht van kwetsbare processen"))
    ).to_be_visible()
