"""A refused request is one line in the server's log, a server error keeps its traceback."""

from __future__ import annotations

import io
import logging

import pytest

from weerbaar.core.logfilters import RefusalWithoutTraceback


@pytest.fixture
def server_log():
    """What the configured console handler writes, as text."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RefusalWithoutTraceback) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_a_refused_page_writes_one_line_without_traceback(server_log, client_for):
    response = client_for("coordinator").get("/beheer/organisaties/")
    assert response.status_code == 403
    text = server_log.getvalue()
    assert "Forbidden" in text and "/beheer/organisaties/" in text
    assert "Traceback" not in text


def test_a_server_error_keeps_its_traceback(server_log):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("kapot")
    except RuntimeError:
        logger.error("Internal Server Error: /x/", exc_info=True, extra={"status_code": 500})
    assert "Traceback" in server_log.getvalue() and "kapot" in server_log.getvalue()
