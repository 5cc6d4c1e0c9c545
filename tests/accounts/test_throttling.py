"""Attacks on log-in throttling and password recovery, and that they fail."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from tests.accounts.test_security import settings_in_production
from weerbaar.accounts import normalise_email
from weerbaar.accounts.clientip import client_ip

LOGIN = "/account/inloggen/"
RESET = "/account/wachtwoord/"
RIGHT = "juist-wachtwoord-123"


def attempt(email: str, guess: str = "fout", address: str = "192.0.2.10", **meta):
    return Client().post(LOGIN, {"username": email, "password": guess}, REMOTE_ADDR=address, **meta)


@pytest.fixture
def target(db):
    return get_user_model().objects.create_user("doelwit@example.org", RIGHT)


def test_normalise_email_strips_and_lowercases():
    assert normalise_email("  Echt@Example.ORG \n") == "echt@example.org"
    assert normalise_email(None) == ""


def test_accounts_are_created_in_the_normalised_spelling(db):
    user = get_user_model().objects.create_user(" Nieuw@Voorbeeld.NL ", RIGHT)
    assert user.email == "nieuw@voorbeeld.nl"


def test_case_variants_do_not_get_extra_guesses(target):
    variants = [
        "Doelwit@example.org",
        "DOELWIT@EXAMPLE.ORG",
        "doelwit@Example.org",
        " doelwit@example.org",
        "dOelwit@example.ORG",
    ]
    # Each from its own address too: only the per-account lock can stop this.
    statuses = [
        attempt(spelling, address=f"198.51.100.{n + 1}").status_code
        for n, spelling in enumerate(variants)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the account
    locked = attempt("doelWIT@example.org", RIGHT, address="198.51.100.99")
    assert locked.status_code == 429


def test_account_lock_holds_from_any_address(target):
    for n in range(5):
        attempt("doelwit@example.org", address=f"203.0.113.{n + 1}")
    assert attempt("doelwit@example.org", RIGHT, address="203.0.113.77").status_code == 429


def test_one_address_cannot_lock_out_everyone(target):
    # An attacker tries five different accounts from one address: that address is locked ...
    for n in range(5):
        attempt(f"iemand{n}@example.org", address="192.0.2.66")
    assert attempt("doelwit@example.org", RIGHT, address="192.0.2.66").status_code == 429
    # ... but the account itself is not: its owner logs in from elsewhere.
    assert attempt("doelwit@example.org", RIGHT, address="192.0.2.10").status_code == 302


def test_forwarded_for_from_an_untrusted_peer_is_ignored(target):
    # Rotating a forged X-Forwarded-For does not give fresh guesses per "address".
    for n in range(5):
        attempt(
            f"iemand{n}@example.org",
            address="192.0.2.66",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}",
        )
    blocked = attempt(
        "doelwit@example.org", RIGHT, address="192.0.2.66", HTTP_X_FORWARDED_FOR="198.51.100.50"
    )
    assert blocked.status_code == 429


@override_settings(WEERBAAR_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_each_client_has_its_own_address(target):
    proxy = "10.0.0.2"
    for n in range(5):
        attempt(f"iemand{n}@example.org", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # The attacker behind the proxy is locked ...
    attacker = attempt(
        "doelwit@example.org", RIGHT, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert attacker.status_code == 429
    # ... everyone else behind the same proxy is not.
    other = attempt(
        "doelwit@example.org", RIGHT, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 302


@override_settings(WEERBAAR_TRUSTED_PROXIES=["10.0.0.0/24", "10.1.0.1"])
def test_client_address_reading():
    rf = RequestFactory()

    def ip(remote: str, forwarded: str | None = None) -> str:
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(rf.get("/", **meta))

    assert ip("192.0.2.1", "198.51.100.1") == "192.0.2.1"  # untrusted peer: header ignored
    assert ip("10.0.0.5", "198.51.100.1") == "198.51.100.1"
    # A client cannot choose its address by prepending entries: the right-most untrusted wins.
    assert ip("10.0.0.5", "1.2.3.4, 198.51.100.1") == "198.51.100.1"
    # Chains of trusted proxies are walked through.
    assert ip("10.0.0.5", "198.51.100.1, 10.1.0.1") == "198.51.100.1"
    # Garbage stops the walk at the last trusted hop.
    assert ip("10.0.0.5", "198.51.100.1, not-an-ip") == "10.0.0.5"
    assert ip("10.0.0.5") == "10.0.0.5"


def test_reset_page_answers_the_same_for_known_and_unknown_addresses(target):
    known = Client().post(RESET, {"email": "Doelwit@Example.org"})
    unknown = Client().post(RESET, {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["doelwit@example.org"]]


def test_login_error_does_not_tell_whether_an_account_exists(target):
    wrong_password = attempt("doelwit@example.org", address="192.0.2.1").content.decode()
    no_account = attempt("niemand@example.org", address="192.0.2.2").content.decode()
    message = "combinatie van e-mailadres en wachtwoord is onbekend"
    assert message in wrong_password and message in no_account


def test_reset_requests_are_limited_per_account(target):
    for n in range(6):
        response = Client().post(
            RESET, {"email": "doelwit@example.org"}, REMOTE_ADDR=f"198.51.100.{n + 1}"
        )
        assert response.status_code == 302  # the same neutral answer every time
    assert len(mail.outbox) == 3


@override_settings(WEERBAAR_RESET_LIMIT_PER_ADDRESS=2)
def test_reset_requests_are_limited_per_address(db):
    User = get_user_model()
    for n in range(4):
        User.objects.create_user(f"persoon{n}@example.org", RIGHT)
        Client().post(RESET, {"email": f"persoon{n}@example.org"}, REMOTE_ADDR="192.0.2.44")
    assert len(mail.outbox) == 2
    Client().post(RESET, {"email": "persoon3@example.org"}, REMOTE_ADDR="192.0.2.45")
    assert len(mail.outbox) == 3


def test_reset_links_expire_after_24_hours_by_default(target, monkeypatch):
    assert settings_in_production("s.PASSWORD_RESET_TIMEOUT") == str(24 * 60 * 60)
    token = default_token_generator.make_token(target)
    assert default_token_generator.check_token(target, token)
    later = datetime.datetime.now() + datetime.timedelta(hours=25)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert not default_token_generator.check_token(target, token)
