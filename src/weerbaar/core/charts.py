"""Server-side SVG bar charts shared by the survey results pages and the report.

No scripts and no ``style`` attributes (the Content-Security-Policy forbids both): colours
are presentation attributes. Every chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` text alternative, shows its numbers as text, and distinguishes categories by a
pattern as well as a colour from the Okabe–Ito palette (colour-blind safe). Callers show the
same numbers in a data table next to the chart.

An item is a dict: ``text`` (bilingual), ``number``, ``n`` (None when withheld),
``suppressed``, ``categories`` (``value``, bilingual ``label``, ``group`` -- agree, disagree,
unknown, rest or other -- and ``pct``, None when withheld) and optionally ``previous``
(``n`` and ``pct`` per category value).
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from weerbaar.core.formatting import number
from weerbaar.core.text import translate

# Okabe–Ito palette.
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#BBBBBB"
INK = "#1A1A1A"
OTHER_COLOURS = [GREEN, PURPLE, YELLOW, SKY]
OTHER_PATTERNS = ["cross", "hatch", "dots"]

# Text colour with enough contrast on each fill.
TEXT_ON = {BLUE: "#FFFFFF", VERMILLION: "#000000", GREEN: "#000000", PURPLE: "#000000"}

SUPPRESSED_FILL = "#FFFFFF"

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def fmt_pct(p: float | None) -> str:
    if p is None:
        return "–"
    return f"{number(p, 0)}%"


def count(value: int | None) -> str:
    """A count with the language's thousands separator ("20.000" in Dutch)."""
    return number(value, 0, grouping=True)


def category_style(cat: dict, index: int) -> tuple[str, str]:
    """(fill colour, pattern id or "") of an answer category."""
    group = cat.get("group", "other")
    value = cat.get("value", "")
    if group == "agree":
        return (SKY, "") if value.startswith("zeer") else (BLUE, "")
    if group == "disagree":
        return (VERMILLION, "hatch") if value.startswith("zeer") else (ORANGE, "hatch")
    if group == "unknown":
        return GREY, "dots"
    if group == "rest":
        return "#EEEEEE", ""
    # Beyond the four colours the pattern changes too, so no two categories look the same.
    n = len(OTHER_COLOURS)
    return OTHER_COLOURS[index % n], OTHER_PATTERNS[(index // n) % len(OTHER_PATTERNS)]


def defs(uid: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="none"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="1.2" '
        'stroke-opacity="0.35"/></pattern>'
        f'<pattern id="{uid}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<circle cx="3" cy="3" r="1.1" fill="#000000" fill-opacity="0.35"/></pattern>'
        f'<pattern id="{uid}-cross" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<line x1="0" y1="4" x2="8" y2="4" stroke="#000000" stroke-width="1" '
        'stroke-opacity="0.3"/></pattern>'
        f'<pattern id="{uid}-supp" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#666666" '
        'stroke-width="1"/></pattern>'
        "</defs>"
    )


def svg(
    uid: str,
    width: int,
    height: int,
    title: str,
    desc: str,
    body: str,
    *,
    responsive: bool = False,
) -> SafeString:
    """The ``<svg>`` element: ``role="img"`` named by its title and described by ``desc``.

    ``responsive``: no fixed size, so the chart scales to the width a stylesheet gives it."""
    size = "" if responsive else f'width="{width}" height="{height}" '
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'{size}viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT}">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
        f"{defs(uid)}{body}</svg>"
    )


def wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        # The full statement is in the data table under the chart; keep the chart compact.
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return lines or [""]


def _supp_word(language: str) -> str:
    return _("onderdrukt")


def item_description(item: dict, language: str) -> str:
    """The text alternative of one bar: statement, n and every category's share."""
    if item.get("suppressed") or item.get("n") is None:
        return f"{translate(item['text'], language)}: " + _("te weinig respondenten om te tonen.")
    parts = []
    for c in item.get("categories", []):
        label = translate(c["label"], language)
        if c.get("pct") is None:
            parts.append(f"{label} {_('onderdrukt')}")
        else:
            parts.append(f"{label} {fmt_pct(c['pct'])}")
    return f"{translate(item['text'], language)} (n = {count(item['n'])}): " + "; ".join(parts)


def _description(item: dict, language: str) -> str:
    """:func:`item_description` of a labelled bar, and of its previous scan when shown."""
    text = item_description(item, language).lstrip()
    prev = item.get("previous")
    if prev:
        earlier = {
            **item,
            "text": _("vorige scan"),
            "n": prev.get("n"),
            "suppressed": prev.get("n") is None,
            "categories": [
                {**c, "pct": (prev.get("pct") or {}).get(c["value"])}
                for c in item.get("categories", [])
            ],
        }
        text += "; " + item_description(earlier, language)
    return text


def stacked_bars(items: list[dict], uid: str, title: str, language: str = "nl") -> SafeString:
    """Horizontal 100% stacked bars, one per statement, with n; previous scan underneath."""
    label_w, bar_w, right = 300, 380, 100
    width = label_w + bar_w + right
    y = 10
    body = []
    legend: dict[tuple[str, str], str] = {}
    for item in items:
        lines = wrap(translate(item["text"], language), 46)
        number = escape(str(item.get("number") or ""))
        row_h = max(26, 14 * len(lines) + 8)
        for i, line in enumerate(lines):
            prefix = f"{number} " if i == 0 and number else ""
            body.append(
                f'<text x="0" y="{y + 13 + 14 * i}" font-size="11" fill="{INK}">'
                f"{prefix}{escape(line)}</text>"
            )
        body.append(_bar(item, uid, label_w, y, bar_w, 20, legend, language))
        n_text = (
            f"n = {count(item['n'])}" if item.get("n") is not None else f"n {_supp_word(language)}"
        )
        body.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}" font-size="11" fill="{INK}">'
            f"{escape(n_text.strip())}</text>"
        )
        y += row_h
        prev = item.get("previous")
        if prev and prev.get("pct"):
            prev_item = {
                **item,
                "n": prev.get("n"),
                "categories": [
                    {**c, "pct": prev["pct"].get(c["value"])} for c in item.get("categories", [])
                ],
                "suppressed": prev.get("n") is None,
            }
            body.append(
                f'<text x="{label_w - 6}" y="{y + 10}" font-size="9" text-anchor="end" '
                f'fill="{INK}">{escape(_("vorige scan"))}</text>'
            )
            body.append(_bar(prev_item, uid, label_w, y, bar_w, 12, legend, language, small=True))
            y += 18
        y += 8
    # Legend.
    x = 0
    y += 4
    for (fill, pattern), label in legend.items():
        lw = 26 + 7 * len(label)
        if x + lw > width:
            x = 0
            y += 18
        body.append(
            f'<rect x="{x}" y="{y}" width="14" height="12" fill="{fill}" stroke="{INK}" '
            'stroke-width="0.5"/>'
        )
        if pattern:
            body.append(
                f'<rect x="{x}" y="{y}" width="14" height="12" fill="url(#{uid}-{pattern})"/>'
            )
        body.append(
            f'<text x="{x + 18}" y="{y + 10}" font-size="10" fill="{INK}">{escape(label)}</text>'
        )
        x += lw
    height = y + 20
    desc = " | ".join(item_description(i, language) for i in items)
    return svg(uid, width, height, title, desc, "".join(body))


def _bar(item, uid, x0, y, bar_w, h, legend, language, small=False, font_size=10) -> str:
    out = []
    if item.get("suppressed") or item.get("n") is None:
        out.append(
            f'<rect x="{x0}" y="{y}" width="{bar_w}" height="{h}" fill="url(#{uid}-supp)" '
            f'stroke="#666666" stroke-width="0.5"/>'
        )
        if not small:
            label = escape(_("te weinig respondenten"))
            out.append(
                f'<rect x="{x0 + 3}" y="{y + 3}" width="{7 * len(label)}" height="{h - 6}" '
                'fill="#FFFFFF"/>'
                f'<text x="{x0 + 6}" y="{y + h - 6}" font-size="{font_size}" fill="{INK}">'
                f"{label}</text>"
            )
        return "".join(out)
    x = float(x0)
    for i, c in enumerate(item.get("categories", [])):
        fill, pattern = category_style(c, i)
        legend.setdefault((fill, pattern), translate(c["label"], language))
        pct = c.get("pct")
        if pct is None:
            continue
        w = bar_w * pct / 100.0
        if w <= 0:
            continue
        out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{fill}"/>')
        if pattern:
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" '
                f'fill="url(#{uid}-{pattern})"/>'
            )
        if w >= 3 * font_size and not small:
            colour = TEXT_ON.get(fill, "#000000")
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{y + h - 6}" font-size="{font_size}" '
                'text-anchor="middle" '
                f'fill="{colour}">{fmt_pct(pct)}</text>'
            )
        x += w
    # Suppressed remainder (complementary suppression): hatched, not coloured.
    if x < x0 + bar_w - 0.5:
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{x0 + bar_w - x:.1f}" height="{h}" '
            f'fill="url(#{uid}-supp)"/>'
        )
    out.append(
        f'<rect x="{x0}" y="{y}" width="{bar_w}" height="{h}" fill="none" stroke="{INK}" '
        'stroke-width="0.5"/>'
    )
    return "".join(out)


def labelled_bars(
    items: list[dict],
    uid: str,
    title: str,
    language: str = "nl",
    *,
    width: int = 340,
    legend: bool = True,
) -> SafeString:
    """Narrow 100% stacked bars, each under its own label (readable on a phone): one row per
    item (a question, or each sub-question of a matrix; an item without text gets no label
    line), the previous scan in a thin bar under it, and one legend of the answer scale the
    items share (with the hatching of withheld shares). Responsive: scales to its box."""
    font, bar_h, n_w = 15, 24, 76
    bar_w = width - n_w
    y = 4
    body: list[str] = []
    entries: dict[tuple[str, str], str] = {}
    withheld = False
    for item in items:
        number = str(item.get("number") or "")
        text = f"{number} {translate(item.get('text'), language)}".strip()
        lines = wrap(text, 35, max_lines=3) if text else []
        for i, line in enumerate(lines):
            body.append(
                f'<text x="0" y="{y + font + (font + 3) * i}" font-size="{font}" fill="{INK}">'
                f"{escape(line)}</text>"
            )
        y += (font + 3) * len(lines) + 4
        body.append(_bar(item, uid, 0, y, bar_w, bar_h, entries, language, font_size=13))
        withheld = withheld or _has_withheld(item)
        n_text = f"n = {count(item.get('n'))}"
        body.append(
            f'<text x="{bar_w + 6}" y="{y + 17}" font-size="13" fill="{INK}">'
            f"{escape(n_text)}</text>"
        )
        y += bar_h + 4
        prev = item.get("previous")
        if prev:
            prev_item = {
                **item,
                "n": prev.get("n"),
                "categories": [
                    {**c, "pct": (prev.get("pct") or {}).get(c["value"])}
                    for c in item.get("categories", [])
                ],
                "suppressed": prev.get("n") is None,
            }
            body.append(
                f'<text x="0" y="{y + 12}" font-size="13" fill="{INK}">'
                f"{escape(_('vorige scan'))}</text>"
            )
            y += 16
            body.append(_bar(prev_item, uid, 0, y, bar_w, 12, entries, language, small=True))
            withheld = withheld or _has_withheld(prev_item)
            prev_n = count(prev.get("n"))
            body.append(
                f'<text x="{bar_w + 6}" y="{y + 11}" font-size="13" fill="{INK}">'
                f"n = {escape(prev_n)}</text>"
            )
            y += 16
        y += 12
    if legend:
        if withheld:
            entries[(SUPPRESSED_FILL, "supp")] = _("onderdrukt")
        y = _legend(body, entries, uid, y, width)
    desc = " | ".join(_description(i, language) for i in items)
    return svg(uid, width, y + 4, title, desc, "".join(body), responsive=True)


def _has_withheld(item: dict) -> bool:
    """Whether a bar shows hatching: withheld as a whole or in part."""
    if item.get("suppressed") or item.get("n") is None:
        return True
    return any(c.get("pct") is None for c in item.get("categories", []))


def _legend(
    body: list[str], entries: dict[tuple[str, str], str], uid: str, y: int, width: int
) -> int:
    """The legend in rows that fit ``width`` (a long label on lines of its own); the new y."""
    x = 0
    for (fill, pattern), label in entries.items():
        lines = wrap(label, (width - 20) // 9, max_lines=3)
        lw = 26 + 9 * max(len(line) for line in lines)
        if x and (x + lw > width or len(lines) > 1):
            x, y = 0, y + 20
        body.append(
            f'<rect x="{x}" y="{y}" width="14" height="12" fill="{fill}" stroke="{INK}" '
            'stroke-width="0.5"/>'
        )
        if pattern:
            body.append(
                f'<rect x="{x}" y="{y}" width="14" height="12" fill="url(#{uid}-{pattern})"/>'
            )
        for i, line in enumerate(lines):
            body.append(
                f'<text x="{x + 18}" y="{y + 11 + 16 * i}" font-size="13" fill="{INK}">'
                f"{escape(line)}</text>"
            )
        if len(lines) > 1:
            x, y = width, y + 16 * (len(lines) - 1)
        else:
            x += lw
    return y + 20
