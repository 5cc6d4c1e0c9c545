#!/usr/bin/env bash
# Regenerate the pinned, hash-checked lock files from pyproject.toml:
#   requirements/base.txt  production: the runtime dependencies and the build backend
#   requirements/dev.txt   development: base plus the test, lint and type-check tools
# Existing pins are kept; pass --upgrade (or --upgrade-package NAME) to move them.
# The locks are compiled for the Python in .venv (3.13).
set -euo pipefail
cd "$(dirname "$0")/.."
export CUSTOM_COMPILE_COMMAND="make lock"
common=(--quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url
    --no-emit-find-links "$@")
"${WEERBAAR_PIP_COMPILE:-.venv/bin/pip-compile}" "${common[@]}" --build-deps-for wheel \
    --output-file requirements/base.txt pyproject.toml
"${WEERBAAR_PIP_COMPILE:-.venv/bin/pip-compile}" "${common[@]}" --extra dev --build-deps-for editable \
    --constraint requirements/base.txt --output-file requirements/dev.txt pyproject.toml
