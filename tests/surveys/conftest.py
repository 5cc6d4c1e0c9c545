"""Fixtures for survey tests: open surveys of Gemeente Voorbeeld's baseline scan."""

from __future__ import annotations

import pytest

from tests.smtp import local_smtp
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
def smtp_settings(settings):
    """A local SMTP server; the messages it received as (recipients, message)."""
    settings.BASE_URL = "https://weerbaar.voorbeeld.nl"
    with local_smtp(settings) as handler:
        yield handler.messages
