"""Recommendation rules (aanbevelingsregels): typed facts, a small safe engine, proposals.

* :mod:`.facts` collects typed facts about a scan (register entries, verdicts, survey figures).
* :mod:`.engine` evaluates the rules of the ``recommendation_rules`` document (no ``eval``:
  conditions are ``all`` / ``any`` / ``not`` over ``{field, op, value}`` comparisons).
* :mod:`.proposals` turns matches into :class:`~weerbaar.assessment.models.Recommendation`
  rows, idempotently, and records the coordinator's decisions.
"""
