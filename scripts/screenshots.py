"""Screenshots of the main pages of a running demo, at 1280 and 375 px wide.

Start the demo first (``make demo``), then::

    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000 \
        --respondent-link http://127.0.0.1:8000/r/<token>/

The images are written to ``docs/screenshots/<page>-<width>.png``. Each page is opened as
the demo role that uses it (demo logins; in demo mode they skip the second factor, and the
script passes an enrolment or code page if one appears). ``--respondent-link`` is the
personal link that ``make demo`` prints; without it the respondent pages are skipped.
``--pages dashboard,scan`` limits the run to some pages; ``--out DIR`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import base64
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django_otp.oath import TOTP
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
MAX_HEIGHT = 2600  # px: the top of a long page is what a reader of the docs needs
OUT = ROOT / "docs" / "screenshots"
WIDTHS = (1280, 375)
ORG = "voorbeeld"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
LOGINS = {
    "coordinator": ("coordinator@voorbeeld.demo", "demo-coordinator"),
    "secretaris": ("secretaris@voorbeeld.demo", "demo-secretaris"),
    "actiehouder": ("actiehouder@voorbeeld.demo", "demo-actiehouder"),
}


@dataclass(frozen=True)
class Shot:
    name: str
    role: str | None  # None: anonymous (a respondent)
    path: Callable[[dict[str, str]], str]  # from the ids found in the demo to a URL path


SHOTS = [
    Shot("dashboard", "coordinator", lambda ids: f"/o/{ORG}/"),
    Shot("scan", "coordinator", lambda ids: f"/o/{ORG}/scans/{ids['scan']}/"),
    Shot(
        "survey-results",
        "coordinator",
        lambda ids: f"/o/{ORG}/enquetes/{ids['survey']}/resultaten/",
    ),
    Shot("registers", "coordinator", lambda ids: f"/o/{ORG}/scans/{ids['scan']}/processen/"),
    Shot(
        "self-assessment",
        "coordinator",
        lambda ids: f"/o/{ORG}/scans/{ids['scan']}/zelfevaluatie/",
    ),
    Shot("report", "secretaris", lambda ids: f"/o/{ORG}/scans/{ids['scan']}/rapport/"),
    Shot("action-plan", "actiehouder", lambda ids: f"/o/{ORG}/acties/"),
    Shot("respondent-intro", None, lambda ids: ids["respondent"]),
    Shot("respondent-page", None, lambda ids: ids["respondent"] + "vragen/"),
]


def shrink(path: Path) -> None:
    """Keep the top of a long page and store it with a 256-colour palette (small PNGs)."""
    with Image.open(path) as image:
        top = image.crop((0, 0, image.width, min(image.height, MAX_HEIGHT)))
        top.convert("RGB").quantize(colors=256).save(path, optimize=True)


def chromium() -> str:
    """Debian's chromium, as the browser tests use it."""
    return shutil.which("chromium") or "/usr/bin/chromium"


def _totp(secret_text: str) -> str:
    raw = "".join(secret_text.split()).upper()
    secret = base64.b32decode(raw + "=" * (-len(raw) % 8))
    return f"{TOTP(secret).token():06d}"


def log_in(page: Page, base: str, email: str, password: str, secrets: dict[str, str]) -> None:
    page.goto(f"{base}/account/inloggen/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    submit = "main form:not([data-passkey]) button[type=submit]"
    if "/tweede-factor/instellen/" in page.url:  # a login that is not a demo login
        secrets[email] = page.locator("#totp-secret").inner_text()
        page.locator("input[name=code]").fill(_totp(secrets[email]))
        page.locator(submit).click()
        page.locator("main a.button").click()  # past the recovery codes
    elif "/tweede-factor/controle/" in page.url:
        if email not in secrets:
            sys.exit(f"{email}: the second factor asks for a code this script cannot compute.")
        time.sleep(30 - time.time() % 30 + 1)
        page.locator("input[name=code]").fill(_totp(secrets[email]))
        page.locator(submit).click()
    page.wait_for_load_state()
    if "/account/inloggen/" in page.url:
        sys.exit(f"Logging in as {email} failed: is this the demo (make demo)?")


def find_ids(page: Page, base: str) -> dict[str, str]:
    """The demo's first scan and its first survey, from the coordinator's pages."""
    page.goto(f"{base}/o/{ORG}/")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    scans = sorted({int(m.group(1)) for h in hrefs if (m := re.search(r"/scans/(\d+)/$", h))})
    if not scans:
        sys.exit("No scan found on the dashboard.")
    ids = {"scan": str(scans[0])}
    page.goto(f"{base}/o/{ORG}/scans/{ids['scan']}/")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    surveys = sorted({int(m.group(1)) for h in hrefs if (m := re.search(r"/enquetes/(\d+)/", h))})
    if surveys:
        ids["survey"] = str(surveys[0])
    return ids


def take(
    browser: Browser, base: str, shots: list[Shot], respondent: str | None, out: Path
) -> list[Path]:
    written: list[Path] = []
    states: dict[str, dict] = {}
    secrets: dict[str, str] = {}
    for role in sorted({s.role for s in shots if s.role}):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        email, password = LOGINS[role]
        log_in(page, base, email, password, secrets)
        states[role] = context.storage_state()
        context.close()
    ids: dict[str, str] = {}
    if "coordinator" in states:
        context = browser.new_context(storage_state=states["coordinator"])  # type: ignore[arg-type]
        ids = find_ids(context.new_page(), base)
        context.close()
    if respondent:
        ids["respondent"] = "/" + respondent.split("/", 3)[3].rstrip("/") + "/"
    out.mkdir(parents=True, exist_ok=True)
    for shot in shots:
        try:
            path = shot.path(ids)
        except KeyError as missing:
            print(f"skipped {shot.name}: no {missing.args[0]} found (see --help)")
            continue
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 900 if width > 600 else 812},
                locale="nl-NL",
                storage_state=states.get(shot.role) if shot.role else None,  # type: ignore[arg-type]
                is_mobile=width < 600,
            )
            page = context.new_page()
            if shot.name == "respondent-page":
                page.goto(base + ids["respondent"])
                start = page.locator("main form button[type=submit]")
                if start.count():
                    start.first.click()
                    page.wait_for_load_state()
                else:
                    page.goto(base + path)
            else:
                page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = out / f"{shot.name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            shrink(target)
            written.append(target)
            print(f"{target}  ({page.url})")
            context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the running demo")
    parser.add_argument("--respondent-link", help="a personal link printed by make demo")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the images")
    parser.add_argument(
        "--pages", help="comma-separated page names: " + ", ".join(s.name for s in SHOTS)
    )
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    shots = SHOTS
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",") if p.strip()}
        unknown = wanted - {s.name for s in SHOTS}
        if unknown:
            parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
        shots = [s for s in SHOTS if s.name in wanted]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            written = take(browser, base, shots, args.respondent_link, args.out)
        finally:
            browser.close()
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
