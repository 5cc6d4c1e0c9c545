"""The organisation's own look: colour (contrast checked), logo (images only), scoped serving."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.organisations.models import Organisation
from weerbaar.organisations.theme import contrast_ratio, palette, theme_css, validate_colour

pytestmark = pytest.mark.django_db


def png_bytes(size: int = 1) -> bytes:
    """A valid ``size``×``size`` PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def theme_url(org: Organisation) -> str:
    return reverse("organisations:theme", kwargs={"org": org.slug})


def post_theme(client, org: Organisation, **data):
    page = client.get(theme_url(org))
    fields = {"lock_version": page.context["form"]["lock_version"].value()}
    fields.update(data)
    return client.post(theme_url(org), fields)


# ----------------------------------------------------------------------------- colour


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_darker_shade_keeps_seven_to_one_and_tints_are_light():
    shades = palette("#1a7f8a")
    assert contrast_ratio(shades.dark, "#ffffff") >= 7
    assert contrast_ratio(shades.tint, "#000000") > 18


def test_coordinator_sets_a_colour_and_pages_link_the_theme(client_for, voorbeeld):
    coordinator = client_for("coordinator")
    response = post_theme(coordinator, voorbeeld, theme_primary_colour="#1A5F8A")
    assert response.status_code == 302
    voorbeeld.refresh_from_db()
    assert voorbeeld.theme_primary_colour == "#1a5f8a"

    css_url = reverse("organisations:theme_css", kwargs={"org": voorbeeld.slug})
    page = coordinator.get(reverse("organisations:settings", kwargs={"org": voorbeeld.slug}))
    assert f'href="{css_url}?v={voorbeeld.lock_version}"' in page.content.decode()
    css = coordinator.get(css_url)
    assert css.status_code == 200
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--basis-color-action-1-inverse-bg-default: #1a5f8a;" in css.content.decode()


def test_the_change_is_audited(client_for, voorbeeld):
    before = AuditEvent.objects.count()
    post_theme(client_for("coordinator"), voorbeeld, theme_primary_colour="#1a5f8a")
    assert AuditEvent.objects.count() > before
    event = (
        AuditEvent.objects.filter(object_type="organisations.Organisation")
        .order_by("-sequence")
        .first()
    )
    assert event.after["theme_primary_colour"] == "#1a5f8a"


@pytest.mark.parametrize("colour", ["#ffff00", "#a0a0a0", "#ffffff"])
def test_too_little_contrast_is_refused_on_the_same_page_keeping_the_input(
    client_for, voorbeeld, colour
):
    response = post_theme(client_for("coordinator"), voorbeeld, theme_primary_colour=colour)
    assert response.status_code == 200
    body = response.content.decode()
    assert "te weinig contrast met wit" in body
    assert f'value="{colour}"' in body
    voorbeeld.refresh_from_db()
    assert voorbeeld.theme_primary_colour == ""


@pytest.mark.parametrize(
    "colour", ["red", "#12345", "#1a5f8a;}body{display:none", "#1a5f8a\n}", "url(x)"]
)
def test_a_colour_in_another_form_is_refused(client_for, voorbeeld, colour):
    response = post_theme(client_for("coordinator"), voorbeeld, theme_primary_colour=colour)
    assert response.status_code == 200
    assert "Een kleur heeft de vorm #1a5f8a" in response.content.decode()


def test_an_empty_colour_restores_the_default_theme(client_for, voorbeeld):
    coordinator = client_for("coordinator")
    post_theme(coordinator, voorbeeld, theme_primary_colour="#1a5f8a")
    assert post_theme(coordinator, voorbeeld, theme_primary_colour="").status_code == 302
    voorbeeld.refresh_from_db()
    assert voorbeeld.theme_primary_colour == ""
    page = coordinator.get(reverse("organisations:settings", kwargs={"org": voorbeeld.slug}))
    assert "thema.css" not in page.content.decode()


def test_a_stored_value_that_is_no_valid_colour_never_reaches_the_stylesheet(client_for, voorbeeld):
    # Seven characters, as the column allows, that would close the rule and start another.
    Organisation.objects.filter(pk=voorbeeld.pk).update(theme_primary_colour="#000;}h")
    voorbeeld.refresh_from_db()
    css = theme_css(voorbeeld)
    assert "}h" not in css and ":root" not in css
    served = client_for("lezer").get(
        reverse("organisations:theme_css", kwargs={"org": voorbeeld.slug})
    )
    assert served.status_code == 200 and "}h" not in served.content.decode()
    with pytest.raises(ValidationError):
        validate_colour("#000;}h")


# ----------------------------------------------------------------------------- who


@pytest.mark.parametrize("role", ["secretaris", "lezer", "actiehouder", "riec"])
def test_only_the_coordinator_and_beheerder_set_the_theme(client_for, voorbeeld, role):
    client = client_for(role)
    assert client.get(theme_url(voorbeeld)).status_code == 403
    response = client.post(theme_url(voorbeeld), {"theme_primary_colour": "#1a5f8a"})
    assert response.status_code == 403
    voorbeeld.refresh_from_db()
    assert voorbeeld.theme_primary_colour == ""


def test_another_organisation_gets_neither_form_stylesheet_nor_logo(client_for, voorbeeld):
    Organisation.objects.filter(pk=voorbeeld.pk).update(theme_primary_colour="#1a5f8a")
    outsider = client_for("oosterveld")
    for name in ("theme", "theme_css", "logo"):
        url = reverse(f"organisations:{name}", kwargs={"org": voorbeeld.slug})
        assert outsider.get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to the login page


def test_members_get_the_stylesheet_and_outsiders_pages_do_not_link_it(client_for, voorbeeld):
    Organisation.objects.filter(pk=voorbeeld.pk).update(theme_primary_colour="#1a5f8a")
    url = reverse("organisations:theme_css", kwargs={"org": voorbeeld.slug})
    assert client_for("lezer").get(url).status_code == 200
    home = client_for("oosterveld").get(reverse("home")).content.decode()
    assert "thema.css" not in home


# ----------------------------------------------------------------------------- logo


def test_a_png_logo_is_stored_under_our_name_and_served_as_an_image(client_for, voorbeeld):
    coordinator = client_for("coordinator")
    upload = SimpleUploadedFile("../../evil name.png", png_bytes(4), content_type="image/png")
    response = post_theme(coordinator, voorbeeld, logo=upload)
    assert response.status_code == 302, response.content.decode()[:2000]
    voorbeeld.refresh_from_db()
    assert voorbeeld.logo.name.startswith("logos/voorbeeld-")
    assert voorbeeld.logo.name.endswith(".png") and "evil" not in voorbeeld.logo.name

    logo_url = reverse("organisations:logo", kwargs={"org": voorbeeld.slug})
    page = coordinator.get(reverse("scans:organisation", kwargs={"org": voorbeeld.slug}))
    assert f'src="{logo_url}?v=' in page.content.decode()
    served = client_for("lezer").get(logo_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"] == "inline"
    assert b"".join(served.streaming_content) == png_bytes(4)


def test_removing_the_logo(client_for, voorbeeld):
    coordinator = client_for("coordinator")
    upload = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    post_theme(coordinator, voorbeeld, logo=upload)
    voorbeeld.refresh_from_db()
    stored = voorbeeld.logo.name
    assert post_theme(coordinator, voorbeeld, remove_logo="on").status_code == 302
    voorbeeld.refresh_from_db()
    assert not voorbeeld.logo
    assert not voorbeeld.logo.storage.exists(stored)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("logo.png", SVG, "image/png"),  # an SVG under a PNG name and type
        ("logo.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        ("logo.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ],
)
def test_anything_but_png_jpeg_or_webp_is_refused(
    client_for, voorbeeld, name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = post_theme(
        client_for("coordinator"), voorbeeld, theme_primary_colour="#1a5f8a", logo=upload
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "PNG-, JPEG- of WebP-afbeelding" in body
    assert 'value="#1a5f8a"' in body  # what was typed stays
    voorbeeld.refresh_from_db()
    assert not voorbeeld.logo and voorbeeld.theme_primary_colour == ""


def test_a_logo_over_the_size_limit_is_refused(client_for, voorbeeld):
    big = png_bytes() + b"\x00" * (512 * 1024)
    upload = SimpleUploadedFile("logo.png", big, content_type="image/png")
    response = post_theme(client_for("coordinator"), voorbeeld, logo=upload)
    assert response.status_code == 200
    assert "Het logo is te groot" in response.content.decode()
    voorbeeld.refresh_from_db()
    assert not voorbeeld.logo


def test_jpeg_and_webp_are_recognised_by_content():
    from weerbaar.organisations.theme import check_logo

    assert check_logo(io.BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 32)) == "image/jpeg"
    webp = b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8 " + b"\x00" * 22
    assert check_logo(io.BytesIO(webp)) == "image/webp"


def test_a_stored_file_that_is_no_image_is_never_served(client_for, voorbeeld):
    voorbeeld.logo.save("logos/sneaky.png", io.BytesIO(b"<html><script>x</script>"), save=True)
    served = client_for("lezer").get(reverse("organisations:logo", kwargs={"org": voorbeeld.slug}))
    assert served.status_code == 302
    assert served["Location"].endswith("favicon.svg")


def test_without_a_logo_the_default_mark(client_for, voorbeeld):
    served = client_for("lezer").get(reverse("organisations:logo", kwargs={"org": voorbeeld.slug}))
    assert served.status_code == 302 and served["Location"].endswith("favicon.svg")


def test_the_settings_page_links_the_theme(client_for, voorbeeld):
    settings_url = reverse("organisations:settings", kwargs={"org": voorbeeld.slug})
    assert theme_url(voorbeeld) in client_for("coordinator").get(settings_url).content.decode()
