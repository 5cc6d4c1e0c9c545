"""A real OpenID provider on loopback for the OIDC tests, started by the tests themselves.

The provider is the certified node package ``oidc-provider`` (tests/oidc/provider), installed
with ``npm ci`` from the committed lock file when its folder has no ``node_modules`` yet, and
run as ``node server.mjs`` on 127.0.0.1 at a free port for the whole test session.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENT_ID = "weerbaar-test"
CLIENT_SECRET = "test-client-secret-0123456789"
PASSWORD = "correct horse battery staple"
MFA_ACR = "urn:voorbeeld:loa:substantieel"
OUR_BASE = "http://testserver"


def _account(email: str, groups: list[str], **extra) -> dict:
    claims = {"email": email, "email_verified": True, "name": email.split("@")[0], "groups": groups}
    claims.update(extra.pop("claims", {}))
    return {"password": PASSWORD, "claims": claims, **extra}


ACCOUNTS = {
    "anna": _account("anna@voorbeeld.nl", ["weerbaar-coordinatoren", "alle-medewerkers"]),
    "lars": _account("lars@voorbeeld.nl", ["weerbaar-lezers"]),
    "mila": _account("mila@voorbeeld.nl", ["weerbaar-lezers"], amr=["pwd", "mfa"]),
    "otto": _account("otto@voorbeeld.nl", ["weerbaar-lezers"], acr=MFA_ACR),
    "nora": _account("nora@voorbeeld.nl", ["alle-medewerkers"]),
    "vera": _account("vera@voorbeeld.nl", ["weerbaar-lezers"], claims={"email_verified": False}),
    # Existing demo accounts, spelled differently by the provider.
    "lezer": _account(" Lezer@Voorbeeld.DEMO", ["weerbaar-lezers"]),
    "riec": _account("riec@weerbaar.demo", ["weerbaar-lezers"]),
}


def _ensure_installed() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    assert npm, "npm is missing: scripts/test-system-deps.sh installs nodejs and npm"
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PROVIDER_DIR,
        check=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[str]:
    """Start the provider; yields its issuer URL (http://127.0.0.1:<port>)."""
    node = shutil.which("node")
    assert node, "node is missing: scripts/test-system-deps.sh installs nodejs"
    _ensure_installed()
    config = tmp_path_factory.mktemp("oidc") / "provider.json"
    config.write_text(
        json.dumps(
            {
                "clients": [
                    {
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "redirect_uris": [
                            f"{OUR_BASE}/oidc/{slug}/terug/" for slug in ("voorbeeld", "oosterveld")
                        ],
                        "grant_types": ["authorization_code"],
                        "response_types": ["code"],
                        "token_endpoint_auth_method": "client_secret_basic",
                    }
                ],
                "acrValues": [MFA_ACR, "urn:voorbeeld:loa:basis"],
                "accounts": ACCOUNTS,
            }
        )
    )
    process = subprocess.Popen(
        [node, "server.mjs", str(config)],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("READY ") or process.poll() is not None:
                break
        assert line.startswith("READY "), f"the OpenID provider did not start: {line!r}"
        issuer = line.split()[1]
        assert urlsplit(issuer).hostname == "127.0.0.1"
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def configured(db, oidc_provider, settings, voorbeeld):
    """Gemeente Voorbeeld logs in through the test provider, with two confirmed rules."""
    from weerbaar.oidc import rules
    from weerbaar.oidc.models import ClaimRule, Configuration
    from weerbaar.organisations.models import Role

    settings.BASE_URL = OUR_BASE
    configuration = rules.save_configuration(
        Configuration(
            organisation=voorbeeld,
            enabled=True,
            issuer=oidc_provider,
            client_id=CLIENT_ID,
            scopes="openid email profile groups",
            mfa_acr_values=MFA_ACR,
        ),
        client_secret=CLIENT_SECRET,
    )
    for value, role in (
        ("weerbaar-coordinatoren", Role.COORDINATOR),
        ("weerbaar-lezers", Role.LEZER),
    ):
        ClaimRule.objects.create(
            configuration=configuration,
            claim="groups",
            value=value,
            role=role,
            confirmed_at="2026-01-01T00:00:00Z",
        )
    return configuration


class ProviderBrowser:
    """Follows the round trip: Django's test client for our side, requests for the provider."""

    def __init__(self, django_client, issuer: str) -> None:
        self.client = django_client
        self.issuer = issuer
        self.http = requests.Session()

    def to_provider(self, org: str = "voorbeeld", next_url: str = "") -> str:
        """Start at our side; returns the URL of the provider's log-in form.

        Each start uses a fresh provider session, as if the person had never signed in there.
        """
        self.http = requests.Session()
        path = f"/oidc/{org}/inloggen/" + (f"?next={next_url}" if next_url else "")
        response = self.client.get(path)
        assert response.status_code == 302, response.content[:500]
        url = response["Location"]
        assert url.startswith(self.issuer + "/"), url
        return self._follow_provider(url)

    def _follow_provider(self, url: str) -> str:
        for _ in range(10):
            response = self.http.get(url, allow_redirects=False, timeout=10)
            if response.status_code not in (302, 303):
                assert response.status_code == 200, response.text[:500]
                self.page = response
                return url
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("too many redirects at the provider")

    def sign_in(self, login: str, password: str = PASSWORD) -> str:
        """Submit the provider's form; returns the callback URL the provider sends us to."""
        action = re.search(r'action="([^"]+)"', self.page.text)
        assert action, self.page.text[:500]
        url = urljoin(self.issuer, action.group(1))
        response = self.http.post(
            url, data={"login": login, "password": password}, allow_redirects=False, timeout=10
        )
        for _ in range(10):
            assert response.status_code in (302, 303), response.text[:500]
            url = urljoin(url, response.headers["Location"])
            if url.startswith(OUR_BASE + "/"):
                return url
            response = self.http.get(url, allow_redirects=False, timeout=10)
        raise AssertionError("the provider never sent us back")

    def login(self, login: str, org: str = "voorbeeld", next_url: str = ""):
        self.to_provider(org, next_url)
        return self.client.get(self.sign_in(login))


@pytest.fixture
def round_trip(oidc_provider):
    from django.test import Client

    return ProviderBrowser(Client(), oidc_provider)
