"""Survey results (resultaten): the pure engine and its database-facing entry points."""

from .engine import compute_results, plan_groups

__all__ = ["compute_results", "plan_groups"]
