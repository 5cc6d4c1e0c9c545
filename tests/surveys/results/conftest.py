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
