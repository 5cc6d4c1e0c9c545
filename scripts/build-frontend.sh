#!/usr/bin/env bash
# Build the frontend's static files from the npm packages pinned in package-lock.json:
# NL Design System components (CSS), the neutral "voorbeeld" theme (design tokens) and the
# UI font (woff2, latin subset). Output: src/weerbaar/static/nlds/ (git-ignored, built); pages
# link nlds/nlds.css, which holds them all.
#   scripts/build-frontend.sh          build when package-lock.json or this script changed
#   scripts/build-frontend.sh --force  rebuild
# Packages are installed with `npm ci --ignore-scripts` (exact versions, integrity-checked,
# no install scripts run). Idempotent: a stamp holds the hash of the inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

out=src/weerbaar/static/nlds
stamp=$out/.build-stamp
want=$(cat package.json package-lock.json "$0" | sha256sum | cut -d' ' -f1)
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi

. scripts/lib.sh
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
echo "weerbaar: building the frontend (NL Design System, theme, font) into $out"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null

nm=node_modules
tmp=$(mktemp -d "${out%/*}/.nlds-build.XXXXXX")
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/utrecht" "$tmp/theme" "$tmp/fonts"

# Components: the class-based components and the semantic-HTML variant (.utrecht-html).
cp "$nm/@utrecht/component-library-css/dist/index.css" "$tmp/utrecht/components.css"
cp "$nm/@utrecht/component-library-css/dist/html.css" "$tmp/utrecht/html.css"
cp "$nm/@utrecht/component-library-css/LICENSE.md" "$tmp/utrecht/LICENSE.md"
# Theme: the NL Design System example theme's tokens (class .voorbeeld-theme).
cp "$nm/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css" "$tmp/theme/theme.css"
cp "$nm/@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md" "$tmp/theme/LICENSE.md"
# Font: Noto Sans (the theme's font), latin subset, woff2 only.
font=$nm/@fontsource/noto-sans
cp "$font/LICENSE" "$tmp/fonts/LICENSE"
for variant in 400-normal 400-italic 600-normal 700-normal; do
    cp "$font/files/noto-sans-latin-$variant.woff2" "$tmp/fonts/"
done
{
    echo "/* Noto Sans, latin subset (SIL Open Font License 1.1, see LICENSE). */"
    for variant in 400-normal 400-italic 600-normal 700-normal; do
        weight=${variant%-*}
        style=${variant#*-}
        printf '@font-face {\n  font-family: "Noto Sans";\n  font-style: %s;\n' "$style"
        printf '  font-display: swap;\n  font-weight: %s;\n' "$weight"
        printf '  src: url("noto-sans-latin-%s.woff2") format("woff2");\n}\n' "$variant"
    done
} > "$tmp/fonts/fonts.css"

# One stylesheet, nlds.css: the font faces, then theme, components and semantic HTML each in a
# cascade layer, so that the site's own rules (unlayered) and an organisation's theme win.
{
    echo "/* Built by scripts/build-frontend.sh from package-lock.json; do not edit. */"
    echo "@layer nlds.theme, nlds.components, nlds.html;"
    sed 's#url("noto-sans#url("fonts/noto-sans#' "$tmp/fonts/fonts.css"
    for part in theme:theme/theme.css components:utrecht/components.css html:utrecht/html.css; do
        echo "@layer nlds.${part%%:*} {"
        grep -v '^@charset' "$tmp/${part#*:}"
        echo "}"
    done
} > "$tmp/nlds.css"
# Only the one stylesheet is served: not the parts it was made of (their licences stay).
rm "$tmp/theme/theme.css" "$tmp/utrecht/components.css" "$tmp/utrecht/html.css" "$tmp/fonts/fonts.css"

rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "$want" > "$stamp"
