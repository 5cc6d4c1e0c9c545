"""Log filters for expected refusals.

Django logs every 4xx response on ``django.request``; for a ``PermissionDenied`` raised by a
view the record carries the exception, so each refused request would write a full traceback.
A refusal is expected behaviour, not a failure: :class:`RefusalWithoutTraceback` keeps the one
line ("Forbidden (Permission denied): /path/") and drops the traceback. Server errors (5xx)
keep theirs.
"""

from __future__ import annotations

import logging


class RefusalWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
