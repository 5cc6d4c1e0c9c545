"""Keeping respondents out of the server's logs.

A respondent's personal link carries its token in the path (``/r/<token>/``), and an open
link its code (``/o-link/<code>/``). A log line with such a path, its time and the client's
address would link an invitation to the moment (and place) it was answered. So:

* :class:`AccessLogger` (the gunicorn logger class of ``weerbaar serve`` and ``demo``) writes
  no access-log line for a respondent request at all, and drops a ``Referer`` that points at
  a respondent page (the stylesheet requested by that page would carry the token otherwise);
* :class:`RespondentPathFilter` (on every log handler in ``settings.LOGGING``) removes any
  record that mentions a respondent path, such as Django's "Not Found: /r/…" warnings.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# The anonymous meldpunt of incidents (``/meldpunt/<org>/``) is kept out of the logs too.
RESPONDENT_PATH = re.compile(r"/(?:r|o-link|meldpunt)/[^/\s?\"']+")


def is_respondent_path(path: str) -> bool:
    """Whether ``path`` (or a URL) is a respondent page: a personal or an open link."""
    return bool(RESPONDENT_PATH.search(path or ""))


class AccessLogger(Logger):
    """gunicorn's logger without respondent requests and without respondent referers."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_respondent_path(environ.get("PATH_INFO", "")) or is_respondent_path(
            environ.get("RAW_URI", "")
        ):
            return
        if is_respondent_path(environ.get("HTTP_REFERER", "")):
            environ = {**environ, "HTTP_REFERER": "-"}
        super().access(resp, req, environ, request_time)


class RespondentPathFilter(logging.Filter):
    """Drop log records whose message or request mentions a respondent path."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "") if request is not None else ""
        return not (is_respondent_path(path) or is_respondent_path(record.getMessage()))
