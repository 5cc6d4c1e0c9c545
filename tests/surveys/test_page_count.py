""" "Pagina x van y": the total shown is an upper bound that never grows while answering
forward, and it is exact ("van 8") once no later page depends on answers still to come."""

from __future__ import annotations

from hypothesis import given, settings

from weerbaar.surveys import pagecount, routing

from .test_routing import DEFINITIONS, definition_and_answers


def forward_walk(definition: dict, answers: dict) -> list[pagecount.PageCount]:
    """The page count shown on each page of a respondent answering forward."""
    shown = []
    stored: dict = {}
    page: int | None = routing.page_sequence(definition, stored)[0]
    while page is not None:
        shown.append(pagecount.page_count(definition, stored, page))
        on_page = routing.visible_on_page(definition, page, stored)
        page_answers = {q["id"]: answers[q["id"]] for q in on_page if q["id"] in answers}
        stored = routing.merge_page(definition, stored, page, page_answers)
        page = routing.next_page(definition, stored, page)
    return shown


@settings(max_examples=200, deadline=None)
@given(definition_and_answers)
def test_the_total_never_grows_and_bounds_the_pages_seen(case):
    definition, answers = case
    walk = forward_walk(definition, answers)
    seen = len(walk)
    assert [c.position for c in walk] == list(range(1, seen + 1))
    totals = [c.total for c in walk]
    assert totals == sorted(totals, reverse=True)  # never goes up
    assert all(total >= seen for total in totals)  # an honest upper bound
    assert all(c.total == seen for c in walk if c.exact)  # exact means exact


@settings(max_examples=100, deadline=None)
@given(definition_and_answers)
def test_the_position_is_the_place_among_the_pages_shown(case):
    definition, answers = case
    cleaned = routing.clean_answers(definition, answers)
    sequence = routing.page_sequence(definition, cleaned)
    for place, page in enumerate(sequence, 1):
        count = pagecount.page_count(definition, cleaned, page)
        assert count.position == place
        assert count.total >= len(sequence[:place])


def test_the_case_of_the_issue_no_longer_grows():
    """Answering "ja" to Q3 opens extra pages: the old total grew, this one was already there."""
    definition = DEFINITIONS["medewerkers"]
    page = next(i for i, p in enumerate(definition["pages"]) if p["id"] == "signalen_maatschappij")
    before = routing.merge_page(definition, {}, page, {})
    after = routing.merge_page(definition, {}, page, {"q3_verdacht_gezien": "ja"})
    shown_on_q3 = pagecount.page_count(definition, before, page)
    following = routing.next_page(definition, after, page)
    assert following is not None
    on_next = pagecount.page_count(definition, after, following)
    assert on_next.total <= shown_on_q3.total
    assert not shown_on_q3.exact


def test_a_questionnaire_without_routing_has_an_exact_total():
    definition = {
        "pages": [
            {"id": f"p{i}", "questions": [{"id": f"q{i}", "type": "text", "text": "x"}]}
            for i in range(3)
        ]
    }
    assert pagecount.page_count(definition, {}, 0) == pagecount.PageCount(1, 3, True)
    assert pagecount.page_count(definition, {}, 2) == pagecount.PageCount(3, 3, True)


def test_the_respondent_sees_a_total_that_never_grows(personal_link, staff_survey):
    import re

    from .test_answering import Respondent

    _invitation, token = personal_link
    r = Respondent(token)
    r.start()
    label = re.compile(r'id="survey-progress-label">Pagina (\d+) van (ten hoogste )?(\d+)<')

    def shown(url: str) -> tuple[int, bool, int]:
        match = label.search(r.client.get(url).content.decode())
        assert match, url
        return int(match.group(1)), bool(match.group(2)), int(match.group(3))

    steps = [
        (0, {"q1_afdeling": "liever_niet"}),
        (1, {f"q2_gedragslijnen__{row}": "ken_duidelijk" for row in "abcdefg"}),
        (2, {"q3_verdacht_gezien": "ja"}),  # opens the pages of Q4 to Q7
        (3, {"q4_verdachte_feiten": "Een pand.", "q5_signalen_gedaan": "gemeente"}),
    ]
    seen = [shown(r.url("page"))]
    for page, answers in steps:
        response = r.post_page(page, **answers)
        assert response.status_code == 302
        seen.append(shown(response["Location"]))
    assert [x for x, _at_most, _y in seen] == [1, 2, 3, 4, 5]
    totals = [y for _x, _at_most, y in seen]
    assert totals == sorted(totals, reverse=True), seen
    assert seen[0][1]  # "van ten hoogste": routing still open on the first page
