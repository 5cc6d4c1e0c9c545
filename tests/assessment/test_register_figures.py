"""The self-assessment shows the incident register's figures beside the norms they evidence."""

from __future__ import annotations

from django.urls import reverse

from tests.reports.test_incidents_chapter import add_incidents
from weerbaar.incidents.models import Incident


def group_page(client, scan, group: str) -> str:
    url = reverse(
        "assessment:group",
        kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, "assessment_group": group},
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def card(body: str, norm_code: str) -> str:
    """The HTML of one norm's card, found by its code in the card heading."""
    start = body.index(f"{norm_code} ")
    return body[start : body.index("</article>", start)]


def test_the_reporting_norm_shows_the_registered_incidents(client_for, baseline_scan, voorbeeld):
    Incident.objects.filter(organisation=voorbeeld).delete()
    add_incidents(baseline_scan, voorbeeld.k + 3)
    body = group_page(client_for("coordinator"), baseline_scan, "D5")
    reporting = card(body, "5b")
    assert (
        "Uit het incidentenregister" in reporting and "Uit de meldingen van signalen" in reporting
    )
    assert f"<dd>{voorbeeld.k + 3}</dd>" in reporting
    assert "Contact binnen 48 uur" in reporting and "100%" in reporting
    # A norm that draws on no register shows none of it.
    assert "Uit het incidentenregister" not in card(body, "5c")


def test_a_small_number_of_incidents_is_withheld_beside_the_norm(
    client_for, baseline_scan, voorbeeld
):
    Incident.objects.filter(organisation=voorbeeld).delete()
    add_incidents(baseline_scan, 1)
    reporting = card(group_page(client_for("coordinator"), baseline_scan, "D5"), "5b")
    assert "<dd>onderdrukt</dd>" in reporting and "<dd>1</dd>" not in reporting
