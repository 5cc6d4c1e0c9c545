"""The results page as an overview: notable findings first, a chart per question (one row
per matrix sub-question) with title, description and a data table, a table of contents,
department cross-tabs that show only released cells, and the previous scan beside them."""

from __future__ import annotations

import random
import re
from html import escape
from html.parser import HTMLParser

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.surveys.models import Survey
from weerbaar.surveys.results import compute_results
from weerbaar.surveys.results.overview import build_overview

from .datasets import load
from .test_results_defects import staff_1500
from .test_views import demo_staff_survey, url  # noqa: F401  (fixture)


def overview_of(results, previous=None):
    with translation.override("nl"):
        return build_overview(results, load("medewerkers"), previous, "0-meting")


@pytest.fixture(scope="module")
def staff():
    return staff_1500()


def blocks(ov):
    return [b for s in ov.sections for b in s.blocks]


def test_sections_follow_the_questionnaire_pages(staff):
    ov = overview_of(staff)
    pages = [p["id"] for p in load("medewerkers")["pages"]]
    anchors = [s.anchor.removeprefix("sectie-") for s in ov.sections]
    assert anchors == [p for p in pages if p in anchors]
    assert len(ov.sections) >= 5


def test_a_matrix_is_one_chart_with_a_row_per_sub_question(staff):
    ov = overview_of(staff)
    matrices = [it for it in staff["items"] if it.get("row_text")]
    question = matrices[0]["question"]
    rows = [it for it in matrices if it["question"] == question]
    block = next(b for b in blocks(ov) if b.anchor == f"vraag-{question}")
    assert len(block.rows) == len(rows) > 1
    assert [r.label for r in block.rows] == [it["row_text"] for it in rows]
    svg = str(block.chart)
    assert svg.count("<svg") == 1
    # The question's text is the chart's title once, not repeated per row.
    stem = rows[0]["text"]["nl"]
    assert svg.count(stem[:30]) == 1


def test_every_chart_has_title_description_and_a_table(staff):
    ov = overview_of(staff)
    charted = [b for b in blocks(ov) if b.chart is not None]
    assert len(charted) > 10
    for b in charted:
        svg = str(b.chart)
        assert 'role="img"' in svg
        uid = re.search(r'aria-labelledby="([^"]+)-title \1-desc"', svg)
        assert uid, svg[:200]
        assert f'<title id="{uid.group(1)}-title">' in svg
        desc = re.search(r"<desc[^>]*>([^<]+)</desc>", svg)
        assert desc and desc.group(1).strip()
        assert "style=" not in svg
        assert b.rows and all(r.cells for r in b.rows)  # the numbers as a table
        # Legend and bars use the answers' labels, never their codes.
        if b.kind != "grade":
            for label in b.headers:
                assert escape(label["nl"].split()[0]) in svg


def test_summary_comes_from_published_figures_only(staff):
    ov = overview_of(staff)
    kinds = [f["kind"] for f in ov.findings]
    assert "disagree" in kinds and "change" not in kinds  # no previous scan
    by_id = {it["id"]: it for it in staff["items"]}
    for finding in ov.findings:
        assert 1 <= len(finding["entries"]) <= 3
        assert str(finding["title"])
        for e in finding["entries"]:
            assert e["anchor"].startswith("vraag-")
            assert e["share"].endswith("%")
    assert by_id


def test_previous_scan_is_beside_the_current_one(staff):
    earlier = compute_results(load("medewerkers"), _rows(3, 400), k=5)
    ov = overview_of(staff, earlier)
    assert ov.previous_title == "0-meting"
    with_previous = [b for b in blocks(ov) if b.has_previous]
    assert len(with_previous) > 5
    row = next(r for b in with_previous for r in b.rows if r.previous_cells)
    assert len(row.previous_cells) == len(row.cells)
    assert "vorige scan" in str(with_previous[0].chart)
    changes = next((f for f in ov.findings if f["kind"] == "change"), None)
    if changes:
        for e in changes["entries"]:
            assert e["points"][0] in "+−"


def test_no_previous_column_without_a_previous_scan(staff):
    ov = overview_of(staff)
    assert not any(b.has_previous for b in blocks(ov))
    assert ov.previous_title == ""


def _rows(seed: int, n: int, departments: int = 6):
    from weerbaar.surveys.demo import staff_answers

    class Dep:
        def __init__(self, pk):
            self.pk, self.name = pk, f"Afdeling {pk}"

    answers = staff_answers(random.Random(seed), n, [Dep(i) for i in range(1, departments + 1)])
    return [
        (a, str(a.get("q1_afdeling")) if str(a.get("q1_afdeling")).isdigit() else None)
        for a in answers
    ]


def _released_cells(results) -> dict[tuple[str, str, str], int | None]:
    out = {}
    for it in results["items"]:
        for b in it.get("breakdown") or []:
            for value, count in (b.get("counts") or {}).items():
                out[
                    (
                        it["id"],
                        b["label"] if isinstance(b["label"], str) else b["label"]["nl"],
                        value,
                    )
                ] = count
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(8, 60), k=st.integers(3, 8))
def test_cross_tab_never_shows_a_suppressed_cell(seed, n, k):
    results = compute_results(load("medewerkers"), _rows(seed, n, 5), k=k)
    ov = overview_of(results)
    by_id = {it["id"]: it for it in results["items"]}
    for block in blocks(ov):
        items = [it for it in results["items"] if f"vraag-{it['question']}" == block.anchor]
        for row, it in zip(block.rows, items, strict=False):
            if row.crosstab is None:
                continue
            values = [c["value"] for c in by_id[it["id"]]["categories"]]
            for b, shown in zip(it["breakdown"], row.crosstab.rows, strict=True):
                if "counts" not in b:
                    continue
                for v, cell in zip(values, shown["cells"], strict=True):
                    count = b["counts"][v]
                    if count is None:
                        assert cell["withheld"] and cell["text"] == "onderdrukt"
                    else:
                        assert not cell["withheld"]
                        assert re.search(rf"\({count}\)$|^{count}$", cell["text"])
                if b["answered"] is None:
                    assert shown["answered"] == "onderdrukt"
            # Nothing but "onderdrukt" where the engine withheld a cell, and the only
            # numbers in a withheld cell's place are none at all.
    assert ov.sections


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if "style" in a:
            self.styles += 1


def test_results_page_is_an_overview(client_for, demo_staff_survey):  # noqa: F811
    response = client_for("coordinator").get(url("results", demo_staff_survey))
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Text()
    parser.feed(html)
    assert parser.styles == 0  # no inline styles (CSP)
    assert set(parser.hrefs) <= set(parser.ids)  # every anchor of the contents exists
    assert html.index("Opvallende uitkomsten") < html.index('role="img"')
    assert html.count('role="img"') > 10
    assert 'class="results-toc"' in html


def test_results_page_shows_the_previous_scan_when_there_is_one(client_for, voorbeeld):
    surveys = Survey.objects.filter(
        scan__organisation=voorbeeld, audience="staff", scan__previous_scan__isnull=False
    )
    survey = next((s for s in surveys if s.status == "closed"), None)
    if survey is None:
        pytest.skip("the demo has no closed staff survey in a herhaalmeting")
    html = client_for("coordinator").get(url("results", survey)).content.decode()
    assert "Vergeleken met" in html
    assert "vorige scan" in html


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(6, 40), k=st.integers(3, 10))
def test_findings_use_published_counts_only(seed, n, k):
    from weerbaar.surveys.results.findings import notable_findings

    results = compute_results(load("medewerkers"), _rows(seed, n, 4), k=k)
    earlier = compute_results(load("medewerkers"), _rows(seed + 1, n, 4), k=k)
    anchors = {it["question"]: f"vraag-{it['question']}" for it in results["items"]}
    by_label = {}
    for it in results["items"]:
        label = (
            (it.get("reverse") or {}).get("label")
            or it.get("row_text")
            or it.get("option_label")
            or it["text"]
        )
        by_label.setdefault(str(label), []).append(it)
    for finding in notable_findings(results, load("medewerkers"), earlier, anchors):
        for e in finding["entries"]:
            item = next(it for it in by_label[str(e["label"])] if it["question"] in e["anchor"])
            assert not item["suppressed"]
            if finding["kind"] == "change":
                continue
            reverse = item.get("reverse")
            cats = reverse["categories"] if reverse else item["categories"]
            chosen = [c for c in cats if c["label"] in e["answers"]]
            assert all(c["count"] is not None for c in chosen)
            assert item["bases"]["answered"]
            total = sum(c["count"] for c in chosen)
            assert abs(e["fraction"] - total / item["bases"]["answered"]) < 1e-9


def test_a_reverse_coded_statement_counts_as_presented(staff):
    from weerbaar.surveys.results.findings import notable_findings

    reverse = [it for it in staff["items"] if it.get("reverse")]
    assert reverse
    anchors = {it["question"]: "x" for it in staff["items"]}
    findings = notable_findings(staff, load("medewerkers"), None, anchors)
    labels = [str(e["label"]) for f in findings for e in f["entries"]]
    for it in reverse:
        assert str(it["row_text"]) not in labels  # never the statement with mirrored answers
