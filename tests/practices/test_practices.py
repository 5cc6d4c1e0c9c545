"""The good-practice library: who sees what, the RIEC review, adoption, documents, support."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import client_for_user, make_scan
from weerbaar.actions.models import Action
from weerbaar.practices import selectors, services
from weerbaar.practices.models import (
    Practice,
    PracticeAdoption,
    PracticeDocument,
    PracticeStatus,
    SupportLink,
)
from weerbaar.practices.services import SupportData

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def detail_url(org: str, practice: Practice) -> str:
    return reverse("practices:detail", kwargs={"org": org, "practice_id": practice.pk})


def publish(practice: Practice, user_for) -> None:
    services.submit_practice(practice, user=user_for("coordinator"))
    services.review_practice(practice, publish=True, user=user_for("riec"))


# ----------------------------------------------------------------------------- visibility


def test_a_draft_is_seen_by_its_organisation_and_its_riec_only(draft, user_for, other_region):
    seen_by = {
        key: selectors.visible_practices(user).filter(pk=draft.pk).exists()
        for key, user in {
            "coordinator": user_for("coordinator"),
            "secretaris": user_for("secretaris"),
            "riec": user_for("riec"),
            "oosterveld": user_for("oosterveld"),
            "elders": other_region["coordinator"],
            "riec elsewhere": other_region["riec"],
        }.items()
    }
    assert seen_by == {
        "coordinator": True,
        "secretaris": True,
        "riec": True,
        "oosterveld": False,
        "elders": False,
        "riec elsewhere": False,
    }


def test_a_submitted_practice_stays_hidden_until_published(draft, user_for, other_region):
    services.submit_practice(draft, user=user_for("coordinator"))
    assert not selectors.visible_practices(user_for("oosterveld")).filter(pk=draft.pk).exists()
    services.review_practice(draft, publish=True, user=user_for("riec"))
    for user in (user_for("oosterveld"), other_region["coordinator"], other_region["riec"]):
        assert selectors.visible_practices(user).filter(pk=draft.pk).exists()


def test_another_municipality_gets_404_for_a_draft_and_sees_it_once_published(
    draft, client_for, user_for, other_region
):
    elders = client_for_user(other_region["coordinator"])
    url = detail_url(other_region["org"].slug, draft)
    assert elders.get(url).status_code == 404
    assert client_for("oosterveld").get(detail_url("oosterveld", draft)).status_code == 404
    listing = elders.get(reverse("practices:list", kwargs={"org": other_region["org"].slug}))
    assert draft.title not in listing.content.decode()

    publish(draft, user_for)
    response = elders.get(url)
    assert response.status_code == 200
    assert draft.title in response.content.decode()
    listing = elders.get(reverse("practices:list", kwargs={"org": other_region["org"].slug}))
    assert draft.title in listing.content.decode()


def test_a_rejected_practice_stays_hidden_from_others(draft, user_for):
    services.submit_practice(draft, user=user_for("coordinator"))
    services.review_practice(draft, publish=False, reason="Te algemeen.", user=user_for("riec"))
    assert not selectors.visible_practices(user_for("oosterveld")).filter(pk=draft.pk).exists()


# ----------------------------------------------------------------------------- review flow


def test_review_flow_over_the_pages(draft, client_for):
    coordinator, riec = client_for("coordinator"), client_for("riec")
    kwargs = {"org": "voorbeeld", "practice_id": draft.pk}

    # A coordinator cannot review, not even their own submission.
    coordinator.post(reverse("practices:submit", kwargs=kwargs))
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.SUBMITTED
    response = coordinator.post(reverse("practices:review", kwargs=kwargs), {"decision": "publish"})
    assert response.status_code == 403

    # Rejecting without a reason: a Dutch message on the same page, nothing changed.
    response = riec.post(reverse("practices:review", kwargs=kwargs), {"decision": "reject"})
    assert response.status_code == 400
    assert "Geef een reden" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.SUBMITTED

    response = riec.post(
        reverse("practices:review", kwargs=kwargs),
        {"decision": "reject", "reason": "Noem de doelgroep."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.REJECTED
    assert "Noem de doelgroep." in coordinator.get(detail_url("voorbeeld", draft)).content.decode()

    # Edited after rejection, it is a concept again, and can be submitted and published.
    response = coordinator.post(
        reverse("practices:edit", kwargs=kwargs),
        {"kind": "protocol", "title": draft.title, "summary": "Voor alle medewerkers."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.CONCEPT
    coordinator.post(reverse("practices:submit", kwargs=kwargs))
    riec.post(reverse("practices:review", kwargs=kwargs), {"decision": "publish"})
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.PUBLISHED and draft.published_at


def test_the_riec_of_another_region_cannot_review(draft, user_for, other_region):
    services.submit_practice(draft, user=user_for("coordinator"))
    with pytest.raises(PermissionDenied):
        services.review_practice(draft, publish=True, user=other_region["riec"])


def test_a_published_practice_cannot_be_edited(draft, user_for, client_for):
    publish(draft, user_for)
    kwargs = {"org": "voorbeeld", "practice_id": draft.pk}
    response = client_for("coordinator").post(
        reverse("practices:edit", kwargs=kwargs),
        {"kind": "protocol", "title": "Anders", "summary": "Anders."},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title != "Anders"


def test_unknown_library_ids_are_refused_and_typed_text_is_kept(client_for):
    response = client_for("coordinator").post(
        reverse("practices:create", kwargs={"org": "voorbeeld"}),
        {"kind": "protocol", "title": "Mijn titel", "summary": "", "norm_ids": ["X.N9"]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mijn titel" in body
    assert "X.N9" in body or "Selecteer een geldige keuze" in body


# ----------------------------------------------------------------------------- adoption


def test_without_a_scan_copying_says_why(draft, user_for, client_for, oosterveld):
    publish(draft, user_for)
    oosterveld.scans.all().delete()
    client = client_for("oosterveld")
    url = reverse("practices:adopt", kwargs={"org": "oosterveld", "practice_id": draft.pk})
    response = client.post(url, follow=True)
    assert "nog geen scan" in response.content.decode()
    assert not PracticeAdoption.objects.filter(practice=draft).exists()


def test_a_municipality_copies_a_practice_into_its_action_plan(
    draft, user_for, client_for, oosterveld
):
    publish(draft, user_for)
    make_scan(oosterveld)
    oosterveld = client_for("oosterveld")
    url = reverse("practices:adopt", kwargs={"org": "oosterveld", "practice_id": draft.pk})
    before = Action.objects.filter(scan__organisation__slug="oosterveld").count()
    response = oosterveld.post(url)
    assert response.status_code == 302
    adoption = PracticeAdoption.objects.get(practice=draft, organisation__slug="oosterveld")
    action = adoption.action
    assert action.scan.organisation.slug == "oosterveld"
    assert action.title == draft.title
    assert action.measure_id == "M-meldpunt"
    assert "D4" in action.dimension_ids
    assert Action.objects.filter(scan__organisation__slug="oosterveld").count() == before + 1

    # The practice page links back to the action; a second copy is refused.
    body = oosterveld.get(detail_url("oosterveld", draft)).content.decode()
    assert reverse("actions:detail", kwargs={"org": "oosterveld", "action_id": action.pk}) in body
    oosterveld.post(url)
    assert PracticeAdoption.objects.filter(practice=draft).count() == 1
    # One adopting municipality is not counted out loud: it would point at the neighbour.
    assert "minder dan 5 gemeenten" in body and "1 gemeente<" not in body


def test_a_draft_of_another_municipality_cannot_be_copied(draft, client_for):
    response = client_for("oosterveld").post(
        reverse("practices:adopt", kwargs={"org": "oosterveld", "practice_id": draft.pk})
    )
    assert response.status_code == 404
    assert not PracticeAdoption.objects.filter(practice=draft).exists()


def test_a_reader_cannot_copy_into_the_action_plan(draft, user_for, client_for):
    publish(draft, user_for)
    response = client_for("lezer").post(
        reverse("practices:adopt", kwargs={"org": "voorbeeld", "practice_id": draft.pk})
    )
    assert response.status_code == 403


# ----------------------------------------------------------------------------- documents


def upload(client, practice: Practice, name: str, content: bytes):
    return client.post(
        reverse("practices:upload", kwargs={"org": "voorbeeld", "practice_id": practice.pk}),
        {"title": "Document", "file": SimpleUploadedFile(name, content)},
    )


def test_html_and_scripts_are_refused_as_documents(draft, client_for):
    client = client_for("coordinator")
    for name, content in (
        ("protocol.html", b"<html><script>alert(1)</script></html>"),
        ("protocol.pdf", b"<svg onload='alert(1)'></svg>"),
        ("leeg.pdf", b""),
    ):
        response = upload(client, draft, name, content)
        assert response.status_code == 400, name
        assert "alert-error" in response.content.decode() or "field-error" in (
            response.content.decode()
        )
    assert not PracticeDocument.objects.filter(practice=draft).exists()


def test_a_zip_bomb_is_refused(draft, client_for, settings):
    settings.WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (5 * 1024 * 1024))
    response = upload(client_for("coordinator"), draft, "bom.docx", buffer.getvalue())
    assert response.status_code == 400
    assert not PracticeDocument.objects.filter(practice=draft).exists()


def test_a_pdf_is_stored_and_only_served_as_a_download(draft, client_for, user_for):
    client = client_for("coordinator")
    assert upload(client, draft, "kaart.pdf", PDF).status_code == 302
    document = PracticeDocument.objects.get(practice=draft)
    assert document.file_type == "pdf"
    assert "kaart" not in document.file.name
    url = reverse(
        "practices:document", kwargs={"org": "voorbeeld", "practicedocument_id": document.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF
    # Another municipality gets nothing of a draft's document, also in its own context.
    other = client_for("oosterveld")
    other_url = reverse(
        "practices:document", kwargs={"org": "oosterveld", "practicedocument_id": document.pk}
    )
    assert other.get(other_url).status_code == 404
    publish(draft, user_for)
    assert other.get(other_url).status_code == 200


# ----------------------------------------------------------------------------- search


def test_filters_and_search(user_for, client_for, draft):
    publish(draft, user_for)
    client = client_for("oosterveld")
    url = reverse("practices:list", kwargs={"org": "oosterveld"})
    assert draft.title in client.get(url, {"norm": "D4.N1"}).content.decode()
    assert draft.title not in client.get(url, {"norm": "D1.N1"}).content.decode()
    assert draft.title in client.get(url, {"kind": "protocol", "q": "integriteit"}).content.decode()
    assert draft.title not in client.get(url, {"kind": "convenant"}).content.decode()
    assert draft.title in client.get(url, {"region": "riec-voorbeeldregio"}).content.decode()
    response = client.get(url, {"norm": "<b>X</b>", "kind": "onzin"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Onbekende soort" in body and "<b>X</b>" not in body


def test_demo_examples_are_marked(client_for):
    response = client_for("oosterveld").get(reverse("practices:list", kwargs={"org": "oosterveld"}))
    body = response.content.decode()
    assert "Signaalkaart horeca" in body
    assert "Voorbeeld" in body
    # The concept waiting for review is not shown to another municipality.
    assert "Vier ogen bij subsidieverlening" not in body


# ----------------------------------------------------------------------------- support


def test_the_riec_maintains_the_directory_of_its_region(client_for, other_region):
    riec = client_for("riec")
    response = riec.post(
        reverse("practices:support_create", kwargs={"org": "voorbeeld"}),
        {"kind": "bron", "title": "Handreiking", "url": "https://example.org/handreiking"},
    )
    assert response.status_code == 302
    link = SupportLink.objects.get(title="Handreiking")
    page = client_for("oosterveld").get(reverse("practices:support", kwargs={"org": "oosterveld"}))
    assert "Handreiking" in page.content.decode()

    # Coordinators read; the RIEC of another region neither sees nor changes the entry.
    response = client_for("coordinator").post(
        reverse("practices:support_create", kwargs={"org": "voorbeeld"}),
        {"kind": "bron", "title": "Eigen", "url": "https://example.org/"},
    )
    assert response.status_code == 403
    elders = client_for_user(other_region["riec"])
    slug = other_region["org"].slug
    edit = reverse("practices:support_edit", kwargs={"org": slug, "supportlink_id": link.pk})
    assert elders.get(edit).status_code == 404
    assert (
        elders.post(
            reverse("practices:support_delete", kwargs={"org": slug, "supportlink_id": link.pk})
        ).status_code
        == 404
    )
    assert (
        "Handreiking"
        not in elders.get(reverse("practices:support", kwargs={"org": slug})).content.decode()
    )
    assert SupportLink.objects.filter(pk=link.pk).exists()


def test_a_support_entry_needs_a_way_to_reach_it(voorbeeld, user_for):
    with pytest.raises(Exception) as exc:
        services.save_support_link(
            voorbeeld, SupportData(kind="contact", title="Iemand"), user=user_for("riec")
        )
    assert "ten minste" in str(exc.value)


def test_published_practice_shows_publisher_and_library_links(user_for, client_for, draft):
    publish(draft, user_for)
    body = client_for("oosterveld").get(detail_url("oosterveld", draft)).content.decode()
    assert "Gemeente Voorbeeld" in body
    assert "M-meldpunt" not in body  # names, not ids


def test_the_riec_finds_submissions_to_review_on_the_library_page(client_for):
    body = client_for("riec").get(reverse("practices:list", kwargs={"org": "voorbeeld"}))
    text = body.content.decode()
    assert "Te beoordelen" in text and "Vier ogen bij subsidieverlening" in text
    coordinator = client_for("coordinator").get(
        reverse("practices:list", kwargs={"org": "voorbeeld"})
    )
    assert "Te beoordelen" not in coordinator.content.decode()


def test_readers_of_the_organisation_do_not_see_its_drafts(draft, user_for, client_for):
    assert not selectors.visible_practices(user_for("lezer")).filter(pk=draft.pk).exists()
    assert client_for("lezer").get(detail_url("voorbeeld", draft)).status_code == 404


def test_a_department_head_does_not_reach_the_library(voorbeeld):
    from tests.factories import make_department, make_user
    from weerbaar.organisations.models import Membership, Role

    head = make_user()
    Membership.objects.create(
        user=head,
        organisation=voorbeeld,
        role=Role.AFDELINGSHOOFD,
        department=make_department(voorbeeld, "Testafdeling"),
    )
    response = client_for_user(head).get(reverse("practices:list", kwargs={"org": "voorbeeld"}))
    assert response.status_code in {403, 404}
