"""The demo's sent e-mails: listed newest first with subject, recipient, date and links, in
demo mode only, for the demo's staff only, with bodies shown as text (never as HTML)."""

from __future__ import annotations

import importlib
from email.utils import format_datetime as format_datetime_rfc5322

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import clear_url_caches

from weerbaar.core import demo_mail

URL = "/demo/e-mails/"


def reload_urls() -> None:
    import weerbaar.urls

    importlib.reload(weerbaar.urls)
    clear_url_caches()


@pytest.fixture
def demo_mode(tmp_path):
    folder = tmp_path / "mail"
    with override_settings(
        DEMO_MODE=True, EMAIL_BACKEND=demo_mail.FILE_BACKEND, EMAIL_FILE_PATH=folder
    ):
        reload_urls()
        yield folder
    reload_urls()


def send(subject: str, body: str, to: str, date: str, html: str | None = None) -> None:
    message = mail.EmailMultiAlternatives(subject, body, to=[to], headers={"Date": date})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@pytest.fixture
def sent(demo_mode):
    import datetime

    def rfc(day: int) -> str:
        return format_datetime_rfc5322(datetime.datetime(2026, 11, day, 9, 30, tzinfo=datetime.UTC))

    send(
        "Uitnodiging enquête",
        "Beste collega,\n\nVul de vragenlijst in: http://127.0.0.1:8000/r/abc123/.\n",
        "medewerker@voorbeeld.demo",
        rfc(2),
        html='<p>Vul in: <a href="http://127.0.0.1:8000/r/abc123/">link</a></p>',
    )
    send(
        "Herinnering <script>",
        "Nog niet ingevuld? <script>alert(1)</script> <b>vet</b>\n"
        "http://127.0.0.1:8000/r/def456/ en http://127.0.0.1:8000/r/def456/",
        "ander@voorbeeld.demo",
        rfc(20),
    )
    return demo_mode


@pytest.fixture
def demo_user(user_for):
    def make(role: str):
        user = user_for(role)
        user.is_demo = True
        user.save(update_fields=["is_demo"])
        return user

    return make


def test_sent_mails_are_read_newest_first_with_their_links(sent):
    mails = demo_mail.read_sent_mails(sent)
    assert [m.subject for m in mails] == ["Herinnering <script>", "Uitnodiging enquête"]
    assert mails[0].links == ["http://127.0.0.1:8000/r/def456/"]
    assert mails[1].links == ["http://127.0.0.1:8000/r/abc123/"]  # without the full stop
    assert mails[1].recipients == "medewerker@voorbeeld.demo"
    assert mails[1].sent_at.day == 2
    assert "<p>" not in mails[1].body  # the plain-text part, not the HTML one


def test_no_mail_folder_is_an_empty_list(tmp_path):
    assert demo_mail.read_sent_mails(tmp_path / "missing") == []


def test_the_coordinator_sees_the_mails_as_text(sent, demo_user):
    from tests.factories import client_for_user

    client = client_for_user(demo_user("coordinator"))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Herinnering") < body.index("Uitnodiging enquête")  # newest first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body and "<b>vet</b>" not in body
    assert "Herinnering &lt;script&gt;" in body
    assert '<a href="http://127.0.0.1:8000/r/abc123/" rel="noopener noreferrer">' in body
    assert "medewerker@voorbeeld.demo" in body
    assert "2 november 2026" in body  # a Dutch date
    # The demo banner links to the page.
    home = client.get("/", follow=True).content.decode()
    assert "demo-banner" in home and f'href="{URL}"' in home


@pytest.mark.parametrize("role", ["lezer", "actiehouder", "riec"])
def test_other_demo_roles_are_refused(sent, demo_user, role):
    from tests.factories import client_for_user

    client = client_for_user(demo_user(role))
    assert client.get(URL).status_code == 403
    home = client.get("/", follow=True).content.decode()
    assert "demo-banner" in home and f'href="{URL}"' not in home


def test_a_real_account_is_refused_even_as_coordinator(sent, client_for):
    assert client_for("coordinator").get(URL).status_code == 403


@pytest.mark.parametrize("role", ["beheerder", "secretaris"])
def test_the_administrator_and_the_secretaris_of_the_demo_may_read(sent, demo_user, role):
    from tests.factories import client_for_user

    assert client_for_user(demo_user(role)).get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(sent):
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_outside_demo_mode_the_page_does_not_exist(client_for, user_for):
    from tests.factories import client_for_user

    user = user_for("coordinator")
    assert client_for_user(user).get(URL).status_code == 404


def test_outside_demo_mode_the_view_refuses_too(sent, demo_user, settings):
    from tests.factories import client_for_user

    client = client_for_user(demo_user("coordinator"))
    settings.DEMO_MODE = False  # the URL still resolves here; the view itself says 404
    assert client.get(URL).status_code == 404


@pytest.mark.browser
def test_the_mail_page_is_accessible_on_a_phone_and_a_desktop(
    fresh_demo, demo_mode, live_server, browser
):
    from django.contrib.auth import get_user_model

    from tests.accessibility import axe_violations, describe

    get_user_model().objects.filter(email="coordinator@voorbeeld.demo").update(is_demo=True)
    send(
        "Uitnodiging",
        "Vul in: http://127.0.0.1:8000/r/" + "x" * 43 + "/",
        "a@voorbeeld.demo",
        "Mon, 30 Nov 2026 09:00:00 +0000",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("E-mailadres").fill("coordinator@voorbeeld.demo")
    page.get_by_label("Wachtwoord").fill("demo-coordinator")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Verzonden e-mails bekijken").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Uitnodiging").is_visible()
    page.locator("summary").first.click()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        violations = axe_violations(page)
        assert not violations, describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
