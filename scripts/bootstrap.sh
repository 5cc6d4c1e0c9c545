#!/usr/bin/env bash
# Create or refresh the project's virtualenv in .venv/ and compile the translations.
#   scripts/bootstrap.sh               development: requirements/dev.txt (tests, lint, types)
#   scripts/bootstrap.sh --production  production: requirements/base.txt only
# Every package comes from a lock file, pinned and hash-checked; then the project itself is
# installed (editable, without dependencies). Packages the lock does not list are removed.
# Idempotent: packages are reinstalled only when pyproject.toml or a lock file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

mode=development
lock=requirements/dev.txt
case "${1:-}" in
    "") ;;
    --production) mode=production; lock=requirements/base.txt ;;
    *) echo "usage: scripts/bootstrap.sh [--production]" >&2; exit 2 ;;
esac

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

pip_quiet() {
    # Run pip in the virtualenv; on failure show its output (without the notes about
    # unreachable local index folders) and stop.
    local log
    log=$(mktemp)
    if ! .venv/bin/python -m pip --disable-pip-version-check -q "$@" >"$log" 2>&1; then
        grep -v "^WARNING: Location '" "$log" >&2 || true
        rm -f "$log"
        echo "weerbaar: 'pip $*' failed" >&2
        exit 1
    fi
    rm -f "$log"
}

remove_unlocked() {
    # Uninstall what the lock file does not list (left over from an older lock or the other
    # mode), so the virtualenv holds exactly the locked packages and the project.
    .venv/bin/python - "$1" <<'PY'
import re
import subprocess
import sys
from importlib.metadata import distributions


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


with open(sys.argv[1], encoding="utf-8") as fh:
    locked = {norm(m) for m in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", fh.read(), re.M)}
locked |= {"pip", "weerbaar"}
extra = sorted({d.metadata["Name"] or "" for d in distributions()} - {""}, key=norm)
extra = [name for name in extra if norm(name) not in locked]
if extra:
    print("weerbaar: removing packages the lock does not list:", " ".join(extra))
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "-q", "-y", *extra], check=True)
PY
}

stamp=.venv/.weerbaar-installed
want=$( { echo "$mode"; cat pyproject.toml requirements/base.txt requirements/dev.txt; } \
    | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "weerbaar: installing packages into .venv ($lock)"
    # The build backend is in the lock too, so nothing unpinned is fetched.
    pip_quiet install --require-hashes -r "$lock"
    remove_unlocked "$lock"
    pip_quiet install --no-deps --no-build-isolation -e .
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
