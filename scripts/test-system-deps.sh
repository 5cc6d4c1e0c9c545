#!/usr/bin/env bash
# System packages the test suite needs: PostgreSQL server, Chromium, poppler (pdftoppm),
# node and npm (the OIDC tests' OpenID provider).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
missing=()
[ -n "$(pg_bindir)" ] || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The OIDC tests run a real OpenID provider (npm package oidc-provider) under node.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
fc-list 2>/dev/null | grep -qi liberation || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
    echo "weerbaar: installing system packages for the tests: ${missing[*]}"
    apt_install "${missing[@]}"
fi
