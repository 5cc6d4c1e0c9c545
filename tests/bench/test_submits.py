"""`weerbaar bench submits`: the floor exists only on the benchmark server; the figures, the
targets and the summary line; the lost-answer checks."""

from __future__ import annotations

import io
import random
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from weerbaar.bench.load import Respondent
from weerbaar.bench.municipality import build_municipality
from weerbaar.bench.submits import (
    SubmitSummary,
    _floor_respondents,
    _respondents,
    acknowledged_but_missing,
)
from weerbaar.surveys.models import ResponseDraft


def test_the_floor_is_not_a_production_url():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor", kwargs={"draft": uuid.uuid4()})
    with pytest.raises(Resolver404):
        resolve(f"/bench-floor/{uuid.uuid4()}/vragen/")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="weerbaar.bench.urls")
def test_the_floor_checks_csrf_and_writes_one_row():
    _org, _scan, survey = build_municipality(0, seed=7)
    [r] = _respondents(survey, 1, random.Random(1))
    [floor] = _floor_respondents(survey, [r])
    client = Client(enforce_csrf_checks=True)
    page, body, _expected = floor.pages[0]
    assert client.post(floor.base + "vragen/", {"page": page}).status_code == 403
    form = client.get(floor.base)
    token = form.content.decode().split('value="')[1].split('"')[0]
    resp = client.post(
        floor.base + "vragen/", {"page": page, "q-x": "1", "csrfmiddlewaretoken": token}
    )
    assert resp.status_code == 302
    draft = ResponseDraft.objects.get(pk=floor.base.strip("/").split("/")[-1])
    assert draft.answers == {"q-x": ["1"]} and draft.last_page == page


@pytest.mark.django_db
def test_acknowledged_answers_are_looked_up_in_the_drafts(client):
    _org, _scan, survey = build_municipality(0, seed=7)
    [r] = _respondents(survey, 1, random.Random(2))
    assert acknowledged_but_missing(survey, [r]) == 0  # nothing acknowledged yet
    client.post(r.base)
    page, body, _expected = r.pages[0]
    r.acked = 0
    # Acknowledged but never stored: every answer of that page counts as lost.
    assert acknowledged_but_missing(survey, [r]) == len(r.page_answers[0]) > 0
    from urllib.parse import parse_qsl

    data: dict[str, list[str]] = {}
    for k, v in parse_qsl(body):
        data.setdefault(k, []).append(v)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        assert client.post(r.base + "vragen/", data).status_code == 302
    assert acknowledged_but_missing(survey, [r]) == 0


def test_the_summary_line_and_the_targets():
    summary = SubmitSummary(
        per_s={50: 410, 100: 420, 200: 430},
        floor_per_s={50: 600, 100: 650, 200: 700},
        p95_ms={50: 90, 100: 160, 200: 300},
        paced_p95_ms=120,
        errors=0,
        lost=0,
        kill_lost=0,
        worker_mb=[150.0, 152.0],
        cpu_ms={100: 2.5},
        floor_cpu_ms={100: 1.5},
    )
    assert summary.meets_targets()  # the paced p95 (at 400/s) is the latency target
    line = summary.line()
    assert line.startswith("submit-bench: submits_per_s=420 submit_floor_per_s=650 ")
    assert "floor_ratio=0.65" in line and "kill9_lost=0" in line and "worker_mb=152" in line
    summary.per_s[100] = 380
    assert not summary.meets_targets()
    summary.per_s[100] = 420
    summary.kill_lost = 1
    assert not summary.meets_targets()


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="on PostgreSQL the benchmark runs for real"
)
@pytest.mark.django_db
def test_without_postgresql_the_benchmark_says_so_and_ends_with_its_summary_line():
    out = io.StringIO()
    call_command("bench", "submits", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-2].startswith("page submits: not measured: needs PostgreSQL")
    assert lines[-1].startswith("submit-bench: submits_per_s=n/a")


def test_respondents_post_to_their_own_base():
    definition = {"pages": [{"id": "p", "questions": [{"id": "q", "type": "text"}]}]}
    r = Respondent("tok", definition, {"q": "x"})  # type: ignore[arg-type]
    assert r.base == "/r/tok/" and r.pages[0][2] == "/bedankt/"
    floor = Respondent("tok", definition, {"q": "x"}, base="/bench-floor/1/")  # type: ignore[arg-type]
    assert floor.pages[0][2] == ""  # the floor's redirect is not checked
