"""The frontend is built from pinned npm packages, and every page links what was built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
BUILD_HINT = "the frontend is not built: run scripts/build-frontend.sh (make test does)"


def package_json() -> dict:
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))


def package_lock() -> dict:
    return json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))


def test_package_lock_pins_every_package_of_package_json():
    wanted = package_json()["dependencies"]
    assert not package_json().get("devDependencies")
    lock = package_lock()
    assert lock["lockfileVersion"] >= 3
    packages = lock["packages"]
    assert packages[""]["dependencies"] == wanted
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version"
        assert packages[f"node_modules/{name}"]["version"] == version
    for path, entry in packages.items():
        if path:
            assert entry.get("integrity", "").startswith("sha512-"), f"{path}: no integrity"


def test_the_packages_are_nl_design_system_a_neutral_theme_and_an_open_font():
    names = set(package_json()["dependencies"])
    assert "@utrecht/component-library-css" in names
    assert "@nl-design-system-unstable/voorbeeld-design-tokens" in names
    assert not any("rijksoverheid" in n or "rhc" in n for n in names)
    lock = package_lock()["packages"]
    assert lock["node_modules/@fontsource/noto-sans"]["license"] == "OFL-1.1"


def test_built_files_are_ignored_by_git_and_built_by_make():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/node_modules/" in ignored
    assert "/src/weerbaar/static/nlds/" in ignored
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "test-sqlite", "test-postgres", "test-browser"):
        assert re.search(rf"^{target}: .*\bfrontend\b", makefile, re.M), target
    assert "scripts/build-frontend.sh" in makefile


@pytest.mark.parametrize(
    "path",
    [
        "nlds/nlds.css",
        "nlds/fonts/noto-sans-latin-400-normal.woff2",
        "nlds/fonts/noto-sans-latin-700-normal.woff2",
        "nlds/fonts/LICENSE",
        "nlds/utrecht/LICENSE.md",
        "nlds/theme/LICENSE.md",
    ],
)
def test_the_built_files_exist(path):
    assert finders.find(path), f"{path} is missing; {BUILD_HINT}"


def built_stylesheet() -> tuple[Path, str]:
    found = finders.find("nlds/nlds.css")
    assert found, BUILD_HINT
    return Path(found), Path(found).read_text(encoding="utf-8")


def test_the_stylesheet_holds_theme_and_components_in_layers_and_names_only_woff2_fonts():
    path, css = built_stylesheet()
    assert css.count("@layer nlds.") == 4
    assert ".voorbeeld-theme {" in css  # the theme's tokens
    assert ".utrecht-button {" in css and ".utrecht-html h1 {" in css  # the components
    assert "@import" not in css  # one file: nothing resolved against another address
    fonts = re.findall(r'url\("(fonts/[^"]+)"\)', css)
    assert len(fonts) == 4 and all(f.endswith(".woff2") for f in fonts)
    for font in fonts:
        assert (path.parent / font).is_file(), font


@pytest.mark.django_db
def test_pages_link_the_components_the_theme_and_the_site_stylesheet(client_for):
    body = client_for("lezer").get(reverse("home"), follow=True).content.decode()
    assert 'class="utrecht-html voorbeeld-theme"' in body
    assert body.index("/static/nlds/nlds.css") < body.index("/static/weerbaar/weerbaar.css")
    assert 'class="skip-link utrecht-skip-link' in body
    assert "DejaVu" not in Path(finders.find("weerbaar/weerbaar.css")).read_text().split("{")[0]


@pytest.mark.django_db
def test_the_built_stylesheet_is_served(client):
    response = client.get("/static/nlds/nlds.css")
    assert response.status_code == 200, BUILD_HINT
    assert b".utrecht-button" in b"".join(response.streaming_content)
