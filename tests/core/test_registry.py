"""The one registry mechanism: duplicate keys are an error, re-imports are not."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

import pytest

from weerbaar.core.registry import DuplicateKey, Registry


@dataclass(frozen=True)
class Entry:
    order: int
    run: object


def first() -> None:
    pass


def second() -> None:
    pass


def test_register_and_read():
    reg: Registry[int] = Registry("numbers")
    reg.register("a", 1)
    reg.register("b", 2)
    assert reg["a"] == 1 and reg.get("c") is None
    assert reg.keys() == ["a", "b"] and len(reg) == 2 and "b" in reg
    with pytest.raises(KeyError, match="known: a, b"):
        reg["c"]


def test_a_different_entry_under_a_taken_key_raises():
    reg: Registry[object] = Registry("things")
    reg.register("x", first)
    with pytest.raises(DuplicateKey, match="'x' is registered twice"):
        reg.register("x", second)
    reg.register("y", Entry(1, first))
    with pytest.raises(DuplicateKey):
        reg.register("y", Entry(2, first))


def test_the_same_entry_again_is_not_a_duplicate():
    reg: Registry[object] = Registry("things")
    reg.register("x", first)
    reg.register("x", first)
    reg.register("e", Entry(1, lambda: None))
    reg.register("e", Entry(1, lambda: None))  # an equal dataclass with a re-created lambda
    assert reg["x"] is first


def test_re_importing_a_registering_module_is_not_a_duplicate():
    from weerbaar.core.demo import DEMO_STEPS

    name = "weerbaar.scans.demo"
    original = importlib.import_module(name)
    key = f"{name}.build_scans"
    try:
        del sys.modules[name]
        again = importlib.import_module(name)  # decorates a new function object: same step
        assert again is not original
        assert DEMO_STEPS[key].run is again.build_scans
    finally:
        sys.modules[name] = original
        DEMO_STEPS.register(key, DEMO_STEPS[key].__class__(20, original.build_scans))
    assert DEMO_STEPS[key].run is original.build_scans


def test_the_decorator_keys_by_module_and_name():
    reg: Registry[object] = Registry("functions")
    reg.decorator()(first)
    assert reg.keys() == [f"{__name__}.first"]
    reg.decorator()(first)  # decorating the same function again
    assert len(reg) == 1


def test_platform_registries_refuse_duplicates():
    from weerbaar.core.demo import demo_step
    from weerbaar.core.urlkwargs import register_kwarg
    from weerbaar.core.urlwalk import named_urls
    from weerbaar.library.kinds import SCHEMA_DIR, register_kind
    from weerbaar.organisations.permissions import register_permission
    from weerbaar.scans.sections import ScanSection, register_section, sections

    with pytest.raises(DuplicateKey):
        register_permission("scan.manage", {"lezer"})
    register_permission("scan.manage", {"beheerder", "riec_adviseur", "coordinator"})
    assert "surveys" in {section.key for section in sections()}  # discovered first
    with pytest.raises(DuplicateKey):
        register_section(ScanSection(key="surveys", order=1, title="x", template="x.html"))
    named_urls()  # imports the URLconf, whose views register their URL kwargs
    with pytest.raises(DuplicateKey):
        register_kwarg("version_id", lambda organisation: 1)
    with pytest.raises(DuplicateKey):
        register_kind("measures", SCHEMA_DIR / "vpt.yaml")

    from weerbaar.organisations.demo import build_organisations

    with pytest.raises(DuplicateKey):
        demo_step(order=99)(build_organisations)
