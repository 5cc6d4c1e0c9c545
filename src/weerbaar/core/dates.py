"""Calendar arithmetic shared by the apps (cadences, retention periods)."""

from __future__ import annotations

import calendar
import datetime


def add_months[D: (datetime.date, datetime.datetime)](day: D, months: int) -> D:
    """``day`` plus ``months`` calendar months, the day clipped to the month's length
    (31 January + 1 month = 28 or 29 February; 30 January + 3 months = 30 April)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))
