"""The TypedDicts of library items describe what the framework really returns."""

from __future__ import annotations

import pytest

from weerbaar.library import types

pytestmark = pytest.mark.django_db


def assert_shape(items: list, typed_dict: type) -> None:
    assert items, f"no {typed_dict.__name__} items to check"
    allowed = typed_dict.__required_keys__ | typed_dict.__optional_keys__
    for item in items:
        missing = typed_dict.__required_keys__ - set(item)
        extra = set(item) - allowed
        assert not missing and not extra, (typed_dict.__name__, item["id"], missing, extra)


def test_library_items_match_their_typed_contract(baseline_scan):
    fw = baseline_scan.framework
    assert_shape(fw.dimensions_and_themes, types.Dimension)
    assert_shape(fw.norms, types.Norm)
    subelements = [v for v in fw.dimension_index.values() if "parent" in v]
    assert_shape(subelements, types.IndexedSubelement)
    assert_shape(fw.pillars, types.Pillar)
    assert_shape(fw.pillar_items, types.PillarItem)
    assert_shape(fw.maturity_phases, types.MaturityPhase)
    assert_shape(fw.process_categories, types.ProcessCategory)
    assert_shape(fw.processes, types.Process)
    assert_shape(fw.criteria, types.VulnerabilityCriterion)
    for described in (fw.action_types, fw.function_attributes, fw.screening_levels):
        assert_shape(described, types.DescribedItem)
    assert_shape(fw.gs_roles, types.DescribedItem)
    assert_shape(fw.example_functions, types.ExampleFunction)
    assert_shape(fw.measure_categories, types.MeasureCategory)
    assert_shape(fw.measures, types.Measure)
    assert_shape(fw.measures_by_category, types.MeasureCategoryWithMeasures)
    assert_shape(fw.vpt_steps, types.VptStep)
    assert fw.get(fw.norms[0]["id"]) == fw.norms[0]
