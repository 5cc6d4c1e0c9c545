"""Recommendation rules (aanbevelingsregels): typed facts, a small safe engine, proposals.

* :mod:`.facts` collects typed facts about a scan (register entries, verdicts, survey figures)
  from the fact sources registered in ``FACT_SOURCES``; an app adds its own fact type in its
  ``rule_facts`` module.
* :mod:`.engine` evaluates the rules of the ``recommendation_rules`` document (no ``eval``:
  conditions are ``all`` / ``any`` / ``not`` over ``{field, op, value}`` comparisons).
* :mod:`.proposals` turns matches into :class:`~weerbaar.assessment.models.Recommendation`
  rows, idempotently, and records the coordinator's decisions.
"""
