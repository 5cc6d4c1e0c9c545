"""Frameworks through the web: upload, errors by file and line, preview, publish, scope."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    client_for_user,
    make_organisation,
    make_region,
    make_riec_adviser,
    make_user,
)
from tests.library.uploads import (
    GOOD_ROWS,
    INDICATORS,
    bundle_files,
    make_workbook,
    make_zip,
)
from weerbaar.audit.models import AuditEvent
from weerbaar.library.models import DraftStatus, LibraryDraft, LibraryVersion
from weerbaar.organisations.models import Region, Role
from weerbaar.scans.forms import ScanForm

MANAGE = reverse("library:manage")


def uploaded():
    """The drafts the test uploaded (the demo has one of its own)."""
    return LibraryDraft.objects.exclude(identifier="voorbeeldregio-checklist")


def post_upload(client, file, scope="", note="Nieuwe regionale checklist"):
    return client.post(MANAGE, {"file": file, "scope": scope, "note": note})


def region_id(slug="riec-voorbeeldregio") -> str:
    return str(Region.objects.get(slug=slug).pk)


# ----------------------------------------------------------------------------- permissions


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["lezer", "coordinator", "secretaris", "oosterveld"])
def test_members_of_a_municipality_cannot_upload(client_for, role):
    client = client_for(role)
    assert client.get(MANAGE).status_code == 403
    assert client.get(reverse("library:template")).status_code == 403
    response = post_upload(client, make_zip(bundle_files()), scope=region_id())
    assert response.status_code == 403
    assert not uploaded().exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(MANAGE)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_riec_adviser_uploads_only_for_their_own_region(client_for):
    other = make_region("RIEC Elders")
    client = client_for("riec")
    page = client.get(MANAGE).content.decode()
    assert "RIEC Voorbeeldregio" in page and "RIEC Elders" not in page
    assert "Landelijk: alle gemeenten" not in page

    for scope in ("", str(other.pk)):
        response = post_upload(client, make_zip(bundle_files()), scope=scope)
        assert response.status_code == 200
        assert 'id="form-errors"' in response.content.decode()
    assert not uploaded().exists()

    response = post_upload(client, make_zip(bundle_files()), scope=region_id())
    draft = uploaded().get()
    assert response["Location"] == reverse("library:draft", kwargs={"draft_id": draft.pk})
    assert draft.region.slug == "riec-voorbeeldregio"


@pytest.mark.django_db
def test_riec_adviser_of_another_region_gets_404_for_the_draft(client_for):
    post_upload(client_for("riec"), make_zip(bundle_files()), scope=region_id())
    draft = uploaded().get()
    stranger = client_for_user(make_riec_adviser(make_region("RIEC Elders")))
    url = reverse("library:draft", kwargs={"draft_id": draft.pk})
    assert stranger.get(url).status_code == 404
    publish = reverse("library:publish", kwargs={"draft_id": draft.pk})
    assert stranger.post(publish).status_code == 404
    assert not LibraryVersion.objects.filter(identifier="regio-checklist").exists()


@pytest.mark.django_db
def test_riec_adviser_does_not_see_the_beheerders_platform_draft(client_for):
    post_upload(client_for("beheerder"), make_zip(bundle_files()), scope="")
    draft = uploaded().get()
    url = reverse("library:draft", kwargs={"draft_id": draft.pk})
    assert client_for("riec").get(url).status_code == 404
    assert client_for("beheerder").get(url).status_code == 200


# ----------------------------------------------------------------------------- ZIP bundles


@pytest.mark.django_db
def test_good_zip_is_previewed_and_published_as_a_new_version(client_for):
    client = client_for("beheerder")
    response = post_upload(client, make_zip(bundle_files(), folder="checklist/"))
    draft = uploaded().get()
    assert response.status_code == 302
    assert draft.status == DraftStatus.DRAFT and draft.region is None
    assert not LibraryVersion.objects.filter(identifier="regio-checklist").exists()

    page = client.get(reverse("library:draft", kwargs={"draft_id": draft.pk})).content.decode()
    assert "Dit is de eerste versie van dit kader." in page
    for text in ("RC.P1.I1", "Er is een meldpunt.", "D3b.N5", "Indicatoren"):
        assert text in page

    response = client.post(reverse("library:publish", kwargs={"draft_id": draft.pk}))
    version = LibraryVersion.objects.get(identifier="regio-checklist", version="1.0")
    assert response["Location"] == reverse("library:version", kwargs={"version_id": version.pk})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED and draft.published_version == version
    assert not version.scannable and version.region is None
    assert version.framework.overlaps_by_norm["D1.N5"][0]["item"] == "RC.P1.I2"
    events = AuditEvent.objects.filter(object_type="library.LibraryDraft", object_id=draft.pk)
    assert set(events.values_list("action", flat=True)) == {"create", "update"}

    page = client.get(reverse("library:draft", kwargs={"draft_id": draft.pk})).content.decode()
    assert "Dit is de eerste versie van dit kader." in page and "Gepubliceerd" in page
    assert "Publiceren als nieuwe versie" not in page

    # Published once: the same draft cannot be published again, the version stays as it was.
    client.post(reverse("library:publish", kwargs={"draft_id": draft.pk}))
    assert LibraryVersion.objects.filter(identifier="regio-checklist").count() == 1
    # An indicator framework without norms is no reference framework for a scan.
    assert version not in ScanForm(organisation=None).fields["library_version"].queryset


@pytest.mark.django_db
def test_a_published_version_number_is_not_uploaded_again(client_for):
    client = client_for("beheerder")
    post_upload(client, make_zip(bundle_files()))
    client.post(reverse("library:publish", kwargs={"draft_id": uploaded().get().pk}))
    response = post_upload(client, make_zip(bundle_files()))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Versie 1.0 van regio-checklist bestaat al" in body
    assert uploaded().count() == 1


@pytest.mark.django_db
def test_preview_shows_what_changed_against_the_latest_version(client_for):
    client = client_for("beheerder")
    post_upload(client, make_zip(bundle_files()))
    client.post(reverse("library:publish", kwargs={"draft_id": uploaded().get().pk}))
    changed = {
        **INDICATORS,
        "pillars": [
            {
                **INDICATORS["pillars"][0],
                "indicators": [
                    {"id": "RC.P1.I1", "text": {"nl": "Er is een meldpunt!", "en": "A point."}},
                    {"id": "RC.P1.I3", "text": {"nl": "Nieuw.", "en": "New."}},
                ],
            }
        ],
    }
    mapping = {
        "kind": "framework_mapping",
        "id": "MAP-RC",
        "title": {"nl": "Koppeling", "en": "Mapping"},
        "mappings": [{"item": "RC.P1.I1", "norms": [{"norm": "D3b.N5", "strength": "deels"}]}],
    }
    files = bundle_files(manifest={"version": "1.1"}, indicators=changed, mapping=mapping)
    post_upload(client, make_zip(files))
    draft = uploaded().get(version="1.1")
    page = client.get(reverse("library:draft", kwargs={"draft_id": draft.pk})).content.decode()
    assert "Vergeleken met de laatst gepubliceerde versie 1.0." in page
    assert "1: RC.P1.I3" in page  # new
    assert "1: RC.P1.I2" in page  # removed
    assert "1: RC.P1.I1" in page  # changed


@pytest.mark.django_db
def test_bad_zip_shows_the_errors_by_file_and_line_in_dutch(client_for):
    broken = {**INDICATORS, "pillars": [{**INDICATORS["pillars"][0]}]}
    broken["pillars"][0]["indicators"] = [{"id": "RC.P1.I1", "text": {"nl": "Alleen Nederlands"}}]
    files = bundle_files(indicators=broken)
    files["koppeling.yaml"] = files["koppeling.yaml"].replace("D1.N5", "D9.N9")
    response = post_upload(client_for("beheerder"), make_zip(files), note="mijn toelichting")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fouten in het bestand" in body
    assert "indicatoren.yaml" in body and "Dit verplichte veld ontbreekt." in body
    assert "<code>pillars[0].indicators[0].text.en</code>" in body
    assert not uploaded().exists()
    assert "mijn toelichting" in body  # nothing typed is lost


@pytest.mark.django_db
def test_unknown_reference_is_reported_with_its_line(client_for):
    files = bundle_files()
    files["koppeling.yaml"] = files["koppeling.yaml"].replace("D1.N5", "D9.N9")
    body = post_upload(client_for("beheerder"), make_zip(files)).content.decode()
    line = next(
        n for n, text in enumerate(files["koppeling.yaml"].splitlines(), 1) if "D9.N9" in text
    )
    assert "D9.N9 is geen bekende id (verwacht: norm)." in body
    assert f'<td class="num">{line}</td>' in body


@pytest.mark.django_db
def test_yaml_syntax_error_is_shown_with_its_line(client_for):
    files = bundle_files()
    files["indicatoren.yaml"] = "kind: indicator_framework\nframework: [unclosed\n"
    body = post_upload(client_for("beheerder"), make_zip(files)).content.decode()
    assert "De YAML is niet geldig" in body
    assert "indicatoren.yaml" in body


@pytest.mark.django_db
@override_settings(WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES=200 * 1024)
def test_zip_bomb_is_refused_before_it_is_unpacked(client_for):
    files = {**bundle_files(), "opvulling.yaml": b"0" * (2 * 1024 * 1024)}
    body = post_upload(client_for("beheerder"), make_zip(files)).content.decode()
    assert "Het bestand pakt uit tot meer dan" in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_path_traversal_is_refused(client_for, tmp_path):
    files = {**bundle_files(), "../../buiten.yaml": "kind: manifest\n"}
    body = post_upload(client_for("beheerder"), make_zip(files)).content.decode()
    assert "pad buiten de eigen map" in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_symbolic_link_is_refused(client_for):
    archive = make_zip(bundle_files())
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo("link.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    archive.seek(0)
    archive.name = "kader.zip"
    body = post_upload(client_for("beheerder"), archive).content.decode()
    assert "snelkoppeling" in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_other_file_types_are_refused(client_for):
    pdf = io.BytesIO(b"%PDF-1.4 nothing")
    pdf.name = "kader.pdf"
    body = post_upload(client_for("beheerder"), pdf).content.decode()
    assert "Dit soort bestand wordt hier niet aangenomen" in body


# ----------------------------------------------------------------------------- spreadsheets


@pytest.mark.django_db
def test_template_is_offered_as_a_workbook(client_for):
    response = client_for("riec").get(reverse("library:template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Kader", "Indicatoren"} <= set(workbook.sheetnames)
    header = [c.value for c in workbook["Indicatoren"][1]]
    assert header[:4] == ["pijler_id", "pijler_nl", "pijler_en", "indicator_id"]


@pytest.mark.django_db
def test_filled_in_template_becomes_a_regional_version(client_for, voorbeeld):
    client = client_for("riec")
    response = post_upload(client, make_workbook(GOOD_ROWS), scope=region_id())
    draft = uploaded().get()
    assert response.status_code == 302 and draft.source_kind == "xlsx"
    page = client.get(reverse("library:draft", kwargs={"draft_id": draft.pk})).content.decode()
    assert "Er is een bewustwordingsplan." in page and "PR.P2.I1" in page
    client.post(reverse("library:publish", kwargs={"draft_id": draft.pk}))
    version = LibraryVersion.objects.get(identifier="piramide-regio")
    assert version.region.slug == "riec-voorbeeldregio"
    overlaps = version.framework.overlaps_by_norm
    assert [o["strength"] for o in overlaps["D1.N5"]] == ["gelijk"]

    # Seen in its region (the RIEC adviser, a municipality of the region), not elsewhere.
    url = reverse("library:version", kwargs={"version_id": version.pk})
    assert client_for("coordinator").get(url).status_code == 200
    assert (
        "Piramide (regio)"
        in client_for("coordinator").get(reverse("library:index")).content.decode()
    )
    outside = make_organisation("Gemeente Buiten", region=make_region("RIEC Elders"))
    stranger = client_for_user(make_user(role=Role.COORDINATOR, organisation=outside))
    assert stranger.get(url).status_code == 404
    assert "Piramide (regio)" not in stranger.get(reverse("library:index")).content.decode()


@pytest.mark.django_db
def test_spreadsheet_errors_are_shown_by_sheet_and_row(client_for):
    rows = [
        GOOD_ROWS[0],
        ["PR.P2", "Informatiepositie", "Information position", "PR.P2.I1", "Tekst", ""],
        [*GOOD_ROWS[1][:9], "D1.N5=ongeveer"],
        [*GOOD_ROWS[0][:3], "PR.P1.I1", "Dubbel", "Double"],
        [*GOOD_ROWS[1][:3], "2 fout", "Tekst", "Text"],
    ]
    body = post_upload(client_for("beheerder"), make_workbook(rows)).content.decode()
    assert "piramide.xlsx › Indicatoren" in body
    assert '<td class="num">3</td>' in body and "De kolom tekst_en is leeg." in body
    assert '<td class="num">4</td>' in body and "D1.N5=ongeveer is geen koppeling" in body
    assert '<td class="num">5</td>' in body and "De id PR.P1.I1 komt twee keer voor" in body
    assert '<td class="num">6</td>' in body and "2 fout is geen geldige id" in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_spreadsheet_with_an_unknown_norm_is_refused(client_for):
    rows = [[*GOOD_ROWS[1][:9], "D9.N9=gelijk"]]
    body = post_upload(client_for("beheerder"), make_workbook(rows)).content.decode()
    assert "D9.N9 is geen bekende id" in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_spreadsheet_without_framework_fields_is_refused(client_for):
    body = post_upload(
        client_for("beheerder"), make_workbook(GOOD_ROWS, identifier="", version="x")
    ).content.decode()
    assert "De kolom id is leeg." in body
    assert "x is geen versienummer" in body


@pytest.mark.django_db
def test_damaged_workbook_is_refused_without_an_error_page(client_for):
    good = make_workbook(GOOD_ROWS).getvalue()
    damaged = io.BytesIO(good[: len(good) // 2])
    damaged.name = "kapot.xlsx"
    response = post_upload(client_for("beheerder"), damaged)
    assert response.status_code == 200
    assert not uploaded().exists()


@pytest.mark.django_db
def test_riec_adviser_cannot_take_over_the_platform_identifier(client_for):
    body = post_upload(
        client_for("riec"),
        make_workbook(GOOD_ROWS, identifier="weerbaar-referentiekader", version="9.0"),
        scope=region_id(),
    ).content.decode()
    assert "al in gebruik voor een bibliotheek van een ander bereik" in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_errors_are_shown_in_english_on_request(client_for):
    client = client_for("beheerder")
    client.post("/account/taal/", {"language": "en", "next": MANAGE})
    files = bundle_files()
    files["koppeling.yaml"] = files["koppeling.yaml"].replace("D1.N5", "D9.N9")
    body = post_upload(client, make_zip(files)).content.decode()
    assert "D9.N9 is not a known id (expected: norm)." in body
    assert "Errors in the file" in body


@pytest.mark.django_db
def test_yaml_alias_bomb_is_refused(client_for):
    lines = ["kind: indicator_framework", 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 12):
        previous = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        lines.append(f"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}]")
    files = {**bundle_files(), "indicatoren.yaml": "\n".join(lines) + "\n"}
    body = post_upload(client_for("beheerder"), make_zip(files)).content.decode()
    assert "ankers en aliassen" in body
    assert '<td class="num">3</td>' in body
    assert not uploaded().exists()


@pytest.mark.django_db
def test_zip_with_a_member_that_is_file_and_folder_gives_a_clear_message(client_for):
    files = {**bundle_files(), "extra": "x", "extra/inner.yaml": "kind: manifest\n"}
    response = post_upload(client_for("beheerder"), make_zip(files))
    assert response.status_code == 200
    assert "kan niet worden uitgepakt" in response.content.decode()
