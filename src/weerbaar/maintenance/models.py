"""State of the background worker's scheduled jobs (one row per job key)."""

from __future__ import annotations

from django.db import models


class JobRun(models.Model):
    """When a scheduled job last finished, so a restarted worker keeps the schedule."""

    key = models.CharField(max_length=100, unique=True)
    last_finished_at = models.DateTimeField()
    last_summary = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.key} at {self.last_finished_at:%Y-%m-%d %H:%M}"
