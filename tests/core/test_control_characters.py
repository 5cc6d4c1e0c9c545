"""Characters XML cannot hold never break an export or a download, and are kept out at input.

The data are poisoned as an attacker would (a respondent's answer, a department name, an
action title, the report's own texts) and stored directly, as old data would be; then every
page and download of the organisation is requested, every export kind and report format.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from weerbaar.actions.models import Action
from weerbaar.actions.overview import create_progress_report
from weerbaar.core.public import is_public
from weerbaar.core.scoping import scoped
from weerbaar.core.urlkwargs import registered_kwargs, scoped_model_for_kwarg
from weerbaar.core.urlwalk import kwarg_names, named_urls
from weerbaar.core.xmltext import clean_text, xml_safe
from weerbaar.reports.models import Report
from weerbaar.reports.render import FORMATS
from weerbaar.reports.services import publish
from weerbaar.surveys import exports
from weerbaar.surveys.models import ResponseSet, Survey
from weerbaar.surveys.questionnaire import iter_questions
from weerbaar.surveys.results_views import EXPORTS

POISON = "tekst\x01 met\x0b stuur\x0ctekens\x1f\ufffe"
# PDF renders the same document tree as HTML, through an HTML parser that takes any text.
VARIANTS = {"export_kind": list(EXPORTS), "report_format": [f for f in FORMATS if f != "pdf"]}


def test_xml_safe_keeps_text_and_drops_what_xml_cannot_hold():
    assert xml_safe("Één\tregel\nen\r nog één") == "Één\tregel\nen\r nog één"
    assert xml_safe(POISON) == "tekst met\n stuur\ntekens"
    assert xml_safe("a\ud800b\uffffc\x00") == "abc"
    assert clean_text("a\x7fb\x85c\x0bd") == "abc\nd"


def _poison(organisation) -> None:
    department = organisation.departments.order_by("pk").first()
    department.name = "Afdeling\x0bNoord"
    department.save()
    Action.objects.filter(scan__organisation=organisation).update(title="Actie\x01 één")
    for survey in Survey.objects.filter(scan__organisation=organisation):
        texts = [q["id"] for q in iter_questions(survey.definition) if q.get("type") == "text"]
        sets = list(ResponseSet.objects.filter(survey=survey, submitted=True))
        for response in sets:
            response.answers = {**response.answers, **dict.fromkeys(texts, POISON)}
        ResponseSet.objects.bulk_update(sets, ["answers"])
    for report in Report.objects.filter(scan__organisation=organisation):
        report.title = "Rapport\x01"
        report.summary = POISON
        report.conclusions = POISON
        report.save()
        publish(report)
    create_progress_report(organisation, title="Voortgang\x01", summary=POISON)


def _urls(organisation) -> list[str]:
    """Every page of the organisation, with the newest object per kwarg and every variant."""
    urls = named_urls()  # loads the URLconf, which registers the kwarg examples
    registry = registered_kwargs()
    out = []
    for pattern, name, callback in urls:
        names = kwarg_names(pattern)
        if is_public(callback) or "org" not in names:
            continue
        kwargs: dict = {}
        for kwarg in names:
            if kwarg == "org":
                kwargs[kwarg] = organisation.slug
            elif kwarg in registry:
                kwargs[kwarg] = registry[kwarg](organisation)
            else:
                model = scoped_model_for_kwarg(kwarg)
                assert model is not None, kwarg
                obj = scoped(model._default_manager.all(), [organisation]).order_by("-pk").first()
                kwargs[kwarg] = obj.pk
        variants = [{}]
        for kwarg, values in VARIANTS.items():
            if kwarg in kwargs:
                variants = [{**v, kwarg: value} for v in variants for value in values]
        out.extend(reverse(name, kwargs={**kwargs, **v}) for v in variants)
    return [url for url in out if not url.endswith("/pdf/")]


@pytest.mark.django_db
def test_poisoned_data_breaks_no_page_export_or_download(voorbeeld, client_for):
    _poison(voorbeeld)
    client = client_for("coordinator")
    client.raise_request_exception = False  # list every failing URL, not just the first
    failures = []
    downloads = 0
    for url in _urls(voorbeeld):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(url)
            continue
        kind = response.get("Content-Disposition", "")
        if response.status_code == 200 and "attachment" in kind:
            downloads += 1
            body = b"".join(response) if response.streaming else response.content
            if kind.rstrip('"').endswith((".xlsx", ".docx")):
                archive = zipfile.ZipFile(io.BytesIO(body))
                assert archive.testzip() is None, url
    assert not failures, failures
    assert downloads >= len(EXPORTS) + 2


@pytest.mark.django_db
def test_xlsx_export_holds_the_answer_without_control_characters(voorbeeld, client_for):
    _poison(voorbeeld)
    survey = next(
        s
        for s in Survey.objects.filter(scan__organisation=voorbeeld)
        if ResponseSet.objects.filter(survey=s, submitted=True).count() >= 10
    )
    # Insiders get no row-level file any more; the spreadsheet writer every xlsx download
    # uses (results, research file) is fed a poisoned answer directly.
    answer = next(
        value
        for r in ResponseSet.objects.filter(survey=survey, submitted=True)
        for value in r.answers.values()
        if value == POISON
    )
    content = exports.to_xlsx({"data": [[answer]]})
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert "tekst met\n stuur\ntekens" in values


@pytest.mark.django_db
def test_control_characters_are_stripped_at_input(voorbeeld, client_for):
    """Typed names and titles are stored without control characters; line breaks stay."""
    action = Action.objects.filter(scan__organisation=voorbeeld).order_by("pk").first()
    client = client_for("coordinator")
    url = reverse("actions:note", kwargs={"org": voorbeeld.slug, "action_id": action.pk})
    response = client.post(url, {"note-text": "Notitie\x01 met\x0bregel\nen\ttab"})
    assert response.status_code < 500
    note = action.notes.order_by("-pk").first()
    assert note is not None and note.text == "Notitie met\nregel\nen\ttab"


def test_a_respondents_free_text_is_accepted_without_control_characters():
    from django.http import QueryDict

    from weerbaar.surveys.questiontypes import question_type

    question = {"id": "q20", "type": "text", "text": {"nl": "Opmerkingen"}, "max_length": 100}
    data = QueryDict(mutable=True)
    data["q-q20"] = "Mijn\x01 antwoord\x0bop twee\r\nregels\x00"
    parsed = question_type(question).parse(question, data, [], check_required=True)
    assert parsed.error is None
    assert parsed.answer == "Mijn antwoord\nop twee\nregels"


def test_search_and_filter_fields_in_the_query_string_are_cleaned_too(client_for):
    """A NUL byte in a search field never reaches the database (PostgreSQL refuses it)."""
    client = client_for("coordinator")
    response = client.get(
        reverse("practices:list", kwargs={"org": "voorbeeld"}),
        {"q": "\x00tekst\x01", "region": "\x00", "norm": "\x0b"},
    )
    assert response.status_code == 200
