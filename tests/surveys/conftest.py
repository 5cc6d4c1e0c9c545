"""Fixtures for survey tests: open surveys of Gemeente Voorbeeld's baseline scan."""

from __future__ import annotations

import pytest

from weerbaar.surveys import services
from weerbaar.surveys.models import Questionnaire, SurveyMode


@pytest.fixture(autouse=True)
def _restore_language():
    """Requests in English leave English active in this thread; do not leak it."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture
def shipped(db) -> dict[str, Questionnaire]:
    return {q.key: q for q in services.install_shipped_questionnaires()}


@pytest.fixture
def staff_survey(baseline_scan, shipped):
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=shipped["medewerkers"], title="Test medewerkers"
    )
    return services.open_survey(survey)


@pytest.fixture
def council_open_survey(baseline_scan, shipped):
    survey = services.create_survey(
        scan=baseline_scan,
        questionnaire=shipped["raadsleden"],
        mode=SurveyMode.OPEN,
        title="Test raad",
    )
    return services.open_survey(survey)


@pytest.fixture
def personal_link(staff_survey):
    """(invitation, token) of an open staff survey."""
    return services.new_invitation(staff_survey, email="medewerker@voorbeeld.demo")


@pytest.fixture
def smtp_server():
    """A local SMTP server on a random loopback port; yields (host, port, messages)."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    messages: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
            messages.append((list(envelope.rcpt_tos), msg))
            return "250 OK"

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, messages
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    host, port, messages = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.BASE_URL = "https://weerbaar.voorbeeld.nl"
    return messages
