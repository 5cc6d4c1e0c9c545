from __future__ import annotations

import pytest

from weerbaar.surveys import services
from weerbaar.surveys.models import Questionnaire, SurveyMode


@pytest.fixture
def staff_questionnaire(db):
    return Questionnaire.objects.get(key="medewerkers", organisation=None)


@pytest.fixture
def open_staff_survey(baseline_scan, staff_questionnaire):
    survey = services.create_survey(
        scan=baseline_scan,
        questionnaire=staff_questionnaire,
        mode=SurveyMode.PERSONAL,
        title="Enquête medewerkers (test)",
    )
    return services.open_survey(survey)


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
