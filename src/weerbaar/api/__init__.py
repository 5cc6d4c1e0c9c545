"""The REST API (``/api/v1/``): read access to an organisation's scans, published reports,
action plan, suppressed survey results and incident statistics, and progress updates of
actions, for per-organisation API tokens with scopes."""
