"""Fact types of the recommendation rules are a plug-in point: each is one registered source."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from weerbaar.assessment.rules.engine import matches, validate_rules
from weerbaar.assessment.rules.facts import (
    FACT_SOURCES,
    NUMBER,
    CollectContext,
    Fact,
    FactSource,
    collect_facts,
    enum,
    register_fact_source,
)
from weerbaar.assessment.rules.proposals import citation
from weerbaar.core.registry import DuplicateKey

pytestmark = pytest.mark.django_db

KIND = "test_incident"


def incident_facts(scan, context: CollectContext) -> list[Fact]:
    return [
        Fact(KIND, "incident:1", "", "Incident 1", {"severity": 4, "area": "money"}),
        Fact(KIND, "incident:2", "", "Incident 2", {"severity": 1, "area": "other"}),
    ]


INCIDENTS = FactSource(
    kind=KIND,
    fields={"severity": NUMBER, "area": enum(["money", "other"])},
    collect=incident_facts,
    source="incidentregister",
    cited_always=("area",),
)


@pytest.fixture
def incident_source():
    register_fact_source(INCIDENTS)
    yield INCIDENTS
    FACT_SOURCES.unregister(KIND)


def rule(when, rationale="{label}: ernst {severity}"):
    return {
        "id": "RR-test-incident",
        "fact": KIND,
        "title": {"nl": "Incident", "en": "Incident"},
        "when": when,
        "propose": {"measures": ["M-vier-ogen"]},
        "rationale": {"nl": rationale, "en": rationale},
    }


def test_the_fact_sources_are_discovered_from_rule_facts_modules():
    assert FACT_SOURCES.discover == "rule_facts"
    assert {"assessment", "process", "function", "survey_figure"} <= set(FACT_SOURCES)


def test_unregistered_fact_type_is_refused():
    doc = {"rules": [rule({"field": "severity", "op": "gte", "value": 3})]}
    assert any(f"unknown fact type {KIND!r}" in e for e in validate_rules(doc))


def test_registered_fact_type_is_validated(incident_source):
    good = rule({"field": "severity", "op": "gte", "value": 3})
    assert validate_rules({"rules": [good]}, {"M-vier-ogen": {}}) == []
    bad = {
        "rules": [
            rule({"field": "colour", "op": "eq", "value": "red"}, rationale="{nope}"),
            rule({"field": "area", "op": "eq", "value": "fraud"}),
            rule({"field": "area", "op": "lt", "value": 3}),
        ]
    }
    errors = validate_rules(bad)
    assert any(f"{KIND} facts have no field 'colour'" in e for e in errors)
    assert any("placeholder {nope}" in e for e in errors)
    assert any("'fraud' is not a valid area" in e for e in errors)
    assert any("lt needs a number field" in e for e in errors)


def test_facts_of_a_registered_type_reach_the_rules(incident_source, fresh_scan):
    facts = collect_facts(fresh_scan, survey_figures={})
    assert [f.subject_key for f in facts if f.type == KIND] == ["incident:1", "incident:2"]
    found = matches(
        [rule({"field": "severity", "op": "gte", "value": 3})], facts, fresh_scan.framework
    )
    (match,) = found
    assert match.fact.subject_key == "incident:1" and match.measure_ids == ["M-vier-ogen"]
    cite = citation(match)
    assert cite["source"] == {"nl": "incidentregister", "en": "incidentregister"}
    assert cite["values"] == {"severity": 4, "area": "money"}
    assert cite["rationale"]["nl"] == "Incident 1: ernst 4"


def test_unregistering_removes_the_facts(incident_source, fresh_scan):
    FACT_SOURCES.unregister(KIND)
    assert all(f.type != KIND for f in collect_facts(fresh_scan, survey_figures={}))


def test_a_second_source_for_a_kind_is_an_error(incident_source):
    register_fact_source(INCIDENTS)  # the same source again is not a second one
    with pytest.raises(DuplicateKey):
        register_fact_source(
            FactSource(KIND, {"severity": NUMBER}, incident_facts, "ander register")
        )
    with pytest.raises(DuplicateKey):
        register_fact_source(
            FactSource("process", {"severity": NUMBER}, incident_facts, "procesregister")
        )
    assert FACT_SOURCES[KIND] is INCIDENTS


def test_a_source_returning_facts_of_another_type_fails_loudly(fresh_scan):
    def wrong(scan, context: CollectContext) -> list[Fact]:
        return [Fact("process", "process:0", "", "x", {})]

    register_fact_source(FactSource(KIND, {}, wrong, "x"))
    try:
        with pytest.raises(ImproperlyConfigured, match="returned facts of type process"):
            collect_facts(fresh_scan, survey_figures={})
    finally:
        FACT_SOURCES.unregister(KIND)


def test_survey_figures_override_reaches_the_survey_source(fresh_scan):
    facts = collect_facts(fresh_scan, survey_figures={"Q9c": (42.0, 120)})
    (figure,) = [f for f in facts if f.type == "survey_figure"]
    assert figure.values["percentage"] == 42.0 and figure.values["respondents"] == 120
