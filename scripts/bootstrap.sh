#!/usr/bin/env bash
# Create or refresh the project's virtualenv in .venv/ and compile the translations.
# Idempotent: packages are reinstalled only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

find_python() {
    local candidates=(python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
        "$HOME"/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3 /usr/bin/python3 python3)
    local c
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 || [ -x "$c" ]; then
            if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
                echo "$c"
                return 0
            fi
        fi
    done
    return 1
}


if [ ! -x .venv/bin/python ]; then
    PY=$(find_python) || { echo "weerbaar: Python 3.12 or newer is required and none was found." >&2; exit 1; }
    echo "weerbaar: creating .venv with $("$PY" --version)"
    "$PY" -m venv .venv
fi

stamp=.venv/.weerbaar-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "weerbaar: installing packages into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING' || true
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 | grep -v '^WARNING' || true
    .venv/bin/python -c 'import weerbaar, django' || { echo "weerbaar: package installation failed" >&2; exit 1; }
    echo "$want" > "$stamp"
fi

# System libraries WeasyPrint needs for PDF output, gettext for the translations.
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    echo "weerbaar: installing system packages: ${missing[*]}"
    apt_install "${missing[@]}"
fi

# Compile translations (.po -> .mo); cheap, so always.
( cd src/weerbaar && ../../.venv/bin/django-admin compilemessages --ignore=.venv -v 0 )
