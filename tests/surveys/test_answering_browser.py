"""End to end in headless Chromium: the employee survey through routing branches, going back,
closing and resuming through the same link, submitting; axe-core on every survey page, also
on a 360 px wide phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from weerbaar.audit.context import acting_as
from weerbaar.surveys import services
from weerbaar.surveys.models import ResponseDraft

pytestmark = [pytest.mark.browser]


@pytest.fixture
def staff_survey_live(fresh_demo):
    ctx = fresh_demo
    with acting_as(None, label="test-setup"):
        shipped = {q.key: q for q in services.install_shipped_questionnaires()}
        survey = services.create_survey(
            scan=ctx.objects["scan_baseline"], questionnaire=shipped["medewerkers"]
        )
        services.open_survey(survey)
    return survey


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert not violations, "; ".join(
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in violations
    )


def choose(page, qid: str, value: str) -> None:
    page.check(f'input[name="q-{qid}"][value="{value}"]')


def matrix(page, qid: str, rows: str, value: str) -> None:
    for row in rows:
        page.check(f'input[name="q-{qid}-{row}"][value="{value}"]')


def heading(page) -> str:
    return page.locator("h1").inner_text()


def next_page(page) -> None:
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state()


def stored_answers(survey) -> dict:
    return ResponseDraft.objects.get(survey=survey).answers


def test_employee_survey_end_to_end(browser, live_server, staff_survey_live):
    survey = staff_survey_live
    _invitation, token = services.new_invitation(survey)
    link = f"{live_server.url}/r/{token}/"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(link)
    assert "Weerbaarheid medewerkers" in heading(page)
    assert_accessible(page)
    page.get_by_role("button", name="Beginnen").click()

    # Page 1: department (Q1), from the organisation's departments.
    expect(page.locator("body")).to_contain_text("Pagina 1")
    page.get_by_label("Andere", exact=True).check()
    assert_accessible(page)
    next_page(page)

    # Page 2: the Q2 matrix. First leave a row open: the error is shown, the rest kept.
    matrix(page, "q2_gedragslijnen", "abcdef", "ken_duidelijk")
    next_page(page)
    assert page.get_by_role("alert").is_visible()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.locator('input[name="q-q2_gedragslijnen-a"][value="ken_duidelijk"]').is_checked()
    assert_accessible(page)
    matrix(page, "q2_gedragslijnen", "g", "weet_bestaat")
    next_page(page)

    # Q3 = Ja: Q4 and Q5 follow; Q5 "gemeld binnen de gemeente" brings Q6.
    choose(page, "q3_verdacht_gezien", "ja")
    next_page(page)
    page.fill('textarea[name="q-q4_verdachte_feiten"]', "Een leegstaand pand met veel verkeer.")
    choose(page, "q5_signalen_gedaan", "gemeente")
    next_page(page)
    assert page.locator('textarea[name="q-q6_gemeld_aan"]').is_visible()
    assert page.locator('textarea[name="q-q7_andere_actie"]').count() == 0
    page.fill('textarea[name="q-q6_gemeld_aan"]', "De OOV-adviseur")
    assert_accessible(page)
    next_page(page)
    assert "q6_gemeld_aan" in stored_answers(survey)

    # Going back twice and changing Q5: Q6 is hidden and its answer discarded.
    page.get_by_role("button", name="Vorige").click()
    page.get_by_role("button", name="Vorige").click()
    assert page.locator('input[name="q-q5_signalen_gedaan"][value="gemeente"]').is_checked()
    page.uncheck('input[name="q-q5_signalen_gedaan"][value="gemeente"]')
    choose(page, "q5_signalen_gedaan", "politie")
    next_page(page)
    assert page.locator('input[name="q-q8_verwacht_signalen"]').count() == 3
    answers = stored_answers(survey)
    assert answers["q5_signalen_gedaan"] == ["politie"]
    assert "q6_gemeld_aan" not in answers

    # Q8 = Ja: Q9 and Q10.
    choose(page, "q8_verwacht_signalen", "ja")
    next_page(page)
    matrix(page, "q9_stellingen_risico", "abc", "eens")
    matrix(page, "q10_stellingen_weerbaarheid", "abcd", "weet_niet")
    assert_accessible(page)
    next_page(page)
    resume_heading = heading(page)

    # The browser is closed; the same link resumes on the same page.
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(link)
    page.get_by_role("link", name="Verder gaan waar u gebleven was").click()
    assert heading(page) == resume_heading
    choose(page, "q11_onaanvaardbare_druk", "nee")
    next_page(page)
    choose(page, "q15_collega_niet_integer", "nee")
    next_page(page)
    page.check('input[name="q-q18_cijfers-a"][value="8"]')
    page.check('input[name="q-q18_cijfers-b"][value="7"]')
    matrix(page, "q19_integriteit", "abcdefgh", "eens")
    assert_accessible(page)
    next_page(page)
    page.fill('textarea[name="q-q20_opmerkingen"]', "Goed initiatief.")
    page.get_by_role("button", name="Verzenden").click()
    page.wait_for_load_state()
    assert "Bedankt" in heading(page)
    assert_accessible(page)
    response = ResponseDraft.objects.get(survey=survey)
    assert response.ready  # written as a final response by the next batch of the worker
    assert response.answers["q18_cijfers"] == {"a": 8, "b": 7}
    # The link now only thanks; a second submit is impossible.
    page.goto(link)
    expect(page.locator("body")).to_contain_text("al ingevuld")
    context.close()


def test_survey_pages_on_a_360px_phone(browser, live_server, staff_survey_live):
    survey = staff_survey_live
    _invitation, token = services.new_invitation(survey)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="nl-NL", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/r/{token}/")
    page.get_by_role("button", name="Beginnen").click()
    page.get_by_label("Wil liever niet zeggen").check()
    next_page(page)

    def fits() -> bool:
        return page.evaluate("document.documentElement.scrollWidth") <= 360

    # The matrix collapses to one block per statement, with visible answer labels.
    assert fits()
    label = page.locator("label[for='vraag-q2_gedragslijnen-a-0'] .cell-label")
    assert label.is_visible()
    assert_accessible(page)
    matrix(page, "q2_gedragslijnen", "abcdefg", "bestaat_niet")
    next_page(page)
    choose(page, "q3_verdacht_gezien", "nee")
    next_page(page)
    choose(page, "q8_verwacht_signalen", "nee")
    next_page(page)
    choose(page, "q11_onaanvaardbare_druk", "liever_niet")
    next_page(page)
    choose(page, "q15_collega_niet_integer", "nee")
    next_page(page)
    assert fits()
    # Grades 1–10 per row, keyboard operable: focus a radio and use the arrow keys.
    page.focus('input[name="q-q18_cijfers-a"][value="5"]')
    page.keyboard.press("ArrowRight")
    assert page.locator('input[name="q-q18_cijfers-a"][value="6"]').is_checked()
    assert_accessible(page)
    # A tampered link: a clear page, also accessible on the phone.
    page.goto(f"{live_server.url}/r/{token}x/")
    assert heading(page) == "Deze link werkt niet"
    assert fits()
    assert_accessible(page)
    context.close()


def test_other_shows_its_text_field_and_keeps_the_text(browser, live_server, staff_survey_live):
    survey = staff_survey_live
    _invitation, token = services.new_invitation(survey)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/r/{token}/")
    page.get_by_role("button", name="Beginnen").click()
    other = page.get_by_label("Andere, namelijk:")
    expect(other).to_be_visible()
    # A text without choosing "Andere": refused on the same page, the text kept.
    other.fill("Stadsbeheer")
    department = page.locator('input[name="q-q1_afdeling"]').first
    department.check()
    next_page(page)
    assert page.get_by_role("alert").is_visible()
    expect(page.get_by_label("Andere, namelijk:")).to_have_value("Stadsbeheer")
    assert_accessible(page)
    page.get_by_label("Andere", exact=True).check()
    next_page(page)
    assert stored_answers(survey)["q1_afdeling:other"] == "Stadsbeheer"
    # Back on the first page the text is still there.
    page.get_by_role("button", name="Vorige").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Andere, namelijk:")).to_have_value("Stadsbeheer")
    assert page.get_by_label("Andere", exact=True).is_checked()
    context.close()
