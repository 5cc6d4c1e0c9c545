"""Links in e-mails and on screen start with the configured public address.

The demo serves on the port it is given (``PORT=8741 make demo``), so its links must point
there, not at a fixed default.
"""

from __future__ import annotations

import os

from django.urls import reverse

from weerbaar.core.management.commands.demo import use_served_address
from weerbaar.surveys.mail import personal_link
from weerbaar.surveys.models import SurveyMode


def test_the_demo_links_point_at_the_port_it_serves_on(monkeypatch, settings):
    monkeypatch.setenv("WEERBAAR_BASE_URL", "")  # unset, restored after the test
    settings.BASE_URL = "http://127.0.0.1:8000"
    use_served_address("http://127.0.0.1:8741/")
    assert settings.BASE_URL == "http://127.0.0.1:8741"
    assert personal_link("abc").startswith("http://127.0.0.1:8741/r/")
    # The server processes the demo starts next inherit the address.
    assert os.environ["WEERBAAR_BASE_URL"] == "http://127.0.0.1:8741"


def test_a_configured_public_address_wins_over_the_demo_address(monkeypatch, settings):
    monkeypatch.setenv("WEERBAAR_BASE_URL", "https://weerbaar.gemeente.nl")
    settings.BASE_URL = "https://weerbaar.gemeente.nl"
    use_served_address("http://127.0.0.1:8741/")
    assert personal_link("abc").startswith("https://weerbaar.gemeente.nl/r/")


def test_the_open_link_on_the_survey_page_uses_the_public_address(
    client_for, settings, baseline_scan
):
    from weerbaar.surveys import services

    settings.BASE_URL = "https://enquete.example.nl"
    questionnaires = {q.key: q for q in services.install_shipped_questionnaires()}
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=questionnaires["raadsleden"], mode=SurveyMode.OPEN
    )
    url = reverse(
        "surveys:detail", kwargs={"org": baseline_scan.organisation.slug, "survey_id": survey.pk}
    )
    page = client_for("coordinator").get(url).content.decode()
    link = reverse("respond:open_intro", kwargs={"code": survey.open_code})
    assert f"https://enquete.example.nl{link}" in page
