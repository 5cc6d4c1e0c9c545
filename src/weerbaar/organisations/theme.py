"""An organisation's own look: a primary colour and a logo, set by the scancoördinator.

The colour becomes a small stylesheet (:func:`theme_css`) that sets NL Design System design
tokens (custom properties) over the neutral default theme; pages link it, since the
Content-Security-Policy blocks inline styles. The colour must reach a contrast of at least
4.5:1 against white (WCAG 2.1 AA for text), because buttons put white text on it; links use
a darker shade of it. The logo is a PNG, JPEG or WebP file, checked by its content
(:func:`check_logo`); never SVG, which can hold scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weerbaar.core.formatting import number
from weerbaar.core.uploads import IMAGE_TYPES, check_upload, image_kind, size_label

from .models import Organisation

#: Who sets the organisation's colour and logo: who manages its details (the scancoördinator,
#: and the platform beheerder who sets organisations up), never a reader.
THEME_PERMISSION = "organisation.manage"

COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = "#ffffff"
#: Contrast of the primary colour against white (text on buttons, the header band).
MIN_CONTRAST = 4.5
#: Contrast of the darker shade (links, headings) against white: stays at least 4.5:1 on the
#: light tints of the theme too.
DARK_CONTRAST = 7.0
LOGO_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Palette:
    """The colours derived from one primary colour, each ``#rrggbb``."""

    primary: str
    dark: str
    tint: str
    tint_strong: str


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` (0..1) of ``other`` mixed in."""
    c, o = _channels(colour), _channels(other)
    r, g, b = ((1 - share) * x + share * y for x, y in zip(c, o, strict=True))
    return _hex((r, g, b))


def validate_colour(value: str) -> str:
    """The colour in lower case, or a ``ValidationError`` with a Dutch message."""
    value = (value or "").strip()
    if not COLOUR_RE.fullmatch(value):
        raise ValidationError(
            _("Een kleur heeft de vorm #1a5f8a: een # en zes tekens 0-9 of a-f."), code="format"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Deze kleur geeft te weinig contrast met wit (%(ratio)s:1; nodig is ten minste "
                "4,5:1). Witte tekst op knoppen in deze kleur is dan slecht leesbaar. Kies een "
                "donkerdere tint."
            )
            % {"ratio": number(ratio, 1)},
            code="contrast",
        )
    return value.lower()


def palette(colour: str) -> Palette:
    """The shades of a validated primary colour."""
    primary = colour.lower()
    dark = primary
    step = 0
    while contrast_ratio(dark, WHITE) < DARK_CONTRAST and step < 20:
        step += 1
        dark = _mix(primary, "#000000", step * 0.05)
    return Palette(
        primary=primary,
        dark=dark,
        tint=_mix(primary, WHITE, 0.92),
        tint_strong=_mix(primary, WHITE, 0.84),
    )


def theme_css(organisation: Organisation) -> str:
    """The stylesheet of the organisation's theme: NL Design System tokens, nothing else.

    Only a colour that passes :func:`validate_colour` is written, so no stored value can add
    anything but a colour to the stylesheet.
    """
    header = f"/* Thema van organisatie {organisation.pk} */\n"
    try:
        colour = validate_colour(organisation.theme_primary_colour)
    except ValidationError:
        return header
    p = palette(colour)
    tokens = {
        # Buttons and the header band: white text on the primary colour.
        "--basis-color-accent-1-inverse-bg-default": p.primary,
        "--basis-color-accent-1-inverse-bg-hover": p.dark,
        "--basis-color-accent-1-inverse-bg-active": p.dark,
        "--basis-color-accent-1-inverse-bg-document": p.dark,
        "--basis-color-action-1-inverse-bg-default": p.primary,
        "--basis-color-action-1-inverse-bg-hover": p.dark,
        "--basis-color-action-1-inverse-bg-active": p.dark,
        # Text in the colour (secondary buttons, headings' accents): the darker shade.
        "--basis-color-accent-1-color-default": p.dark,
        "--basis-color-accent-1-color-hover": p.dark,
        "--basis-color-accent-1-color-active": p.dark,
        "--basis-color-accent-1-color-document": p.dark,
        "--basis-color-accent-1-border-default": p.primary,
        "--basis-color-accent-1-border-hover": p.dark,
        "--basis-color-accent-1-border-active": p.dark,
        "--basis-color-accent-1-bg-subtle": p.tint,
        "--basis-color-accent-1-bg-default": p.tint,
        "--basis-color-accent-1-bg-hover": p.tint_strong,
        "--basis-color-accent-1-bg-active": p.tint_strong,
        # Links.
        "--basis-color-action-2-color-default": p.dark,
        "--basis-color-action-2-color-hover": p.dark,
        "--basis-color-action-2-color-active": p.dark,
    }
    body = "".join(f"  {name}: {value};\n" for name, value in tokens.items())
    return f"{header}:root {{\n{body}}}\n"


def check_logo(file: IO[bytes]) -> str:
    """The content type of an uploaded logo (PNG, JPEG or WebP), checked by its content."""
    try:
        kind = check_upload(file, set(IMAGE_TYPES), max_bytes=LOGO_MAX_BYTES)
    except ValidationError as exc:
        if exc.code == "too_large":
            raise ValidationError(
                _("Het logo is te groot; het maximum is %(max)s.")
                % {"max": size_label(LOGO_MAX_BYTES)},
                code="too_large",
            ) from None
        if exc.code == "type":
            raise ValidationError(
                _(
                    "Een logo moet een PNG-, JPEG- of WebP-afbeelding zijn. SVG en andere "
                    "bestanden worden niet aangenomen."
                ),
                code="type",
            ) from None
        raise
    return IMAGE_TYPES[kind]


def logo_content_type(file: IO[bytes]) -> str | None:
    """The content type of a stored logo by its first bytes; ``None`` if it is no image."""
    file.seek(0)
    kind = image_kind(file.read(12))
    file.seek(0)
    return IMAGE_TYPES[kind] if kind else None
