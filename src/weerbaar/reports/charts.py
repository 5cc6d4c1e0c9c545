"""Server-side SVG charts (grafieken) of the report, built by hand.

No scripts and no ``style`` attributes (the Content-Security-Policy forbids both): colours
are presentation attributes. Every chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` text alternative, shows its numbers as text, and distinguishes categories by a
pattern as well as a colour from the Okabe–Ito palette (colour-blind safe). The same
numbers are always shown in a data table next to the chart.
"""

from __future__ import annotations

from html import escape
from typing import Any

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

# Text colour with enough contrast on each fill.
TEXT_ON = {BLUE: "#FFFFFF", VERMILLION: "#000000", GREEN: "#000000", PURPLE: "#000000"}

# Heat map: viridis-like sequential scale for criterion scores 0-3, with the score printed.
HEAT = {0: "#FDE725", 1: "#35B779", 2: "#31688E", 3: "#440154"}
HEAT_TEXT = {0: "#000000", 1: "#000000", 2: "#FFFFFF", 3: "#FFFFFF"}
SUPPRESSED_FILL = "#FFFFFF"

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def _t(value: Any, language: str) -> str:
    return escape(translate(value, language))


def _fmt_pct(p: float | None) -> str:
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
    return OTHER_COLOURS[index % len(OTHER_COLOURS)], "cross"


def _defs(uid: str) -> str:
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


def _svg(uid: str, width: int, height: int, title: str, desc: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT}">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
        f"{_defs(uid)}{body}</svg>"
    )


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
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
            parts.append(f"{label} {_fmt_pct(c['pct'])}")
    return f"{translate(item['text'], language)} (n = {count(item['n'])}): " + "; ".join(parts)


def stacked_bars(items: list[dict], uid: str, title: str, language: str = "nl") -> SafeString:
    """Horizontal 100% stacked bars, one per statement, with n; previous scan underneath."""
    label_w, bar_w, right = 300, 380, 100
    width = label_w + bar_w + right
    y = 10
    body = []
    legend: dict[tuple[str, str], str] = {}
    for item in items:
        lines = _wrap(translate(item["text"], language), 46)
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
    return _svg(uid, width, height, title, desc, "".join(body))


def _bar(item, uid, x0, y, bar_w, h, legend, language, small=False) -> str:
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
                f'<text x="{x0 + 6}" y="{y + h - 6}" font-size="10" fill="{INK}">{label}</text>'
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
        if w >= 30 and not small:
            colour = TEXT_ON.get(fill, "#000000")
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{y + h - 6}" font-size="10" text-anchor="middle" '
                f'fill="{colour}">{_fmt_pct(pct)}</text>'
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


def grade_chart(items: list[dict], uid: str, title: str, language: str = "nl") -> SafeString:
    """Per grade question the distribution of grades 1-10 as columns, with the mean marked."""
    col_w, plot_h, label_h = 26, 70, 46
    panel_w = col_w * 10 + 40
    width = max(panel_w * len(items), panel_w)
    height = plot_h + label_h + 40
    body = []
    descs = []
    for p, item in enumerate(items):
        x0 = p * panel_w + 10
        dist = {c["value"]: c for c in item.get("categories", [])}
        pcts = [dist.get(str(g), {}).get("pct") for g in range(1, 11)]
        top = max([v for v in pcts if v is not None] or [1.0])
        for g in range(1, 11):
            pct = pcts[g - 1]
            cx = x0 + (g - 1) * col_w
            if pct is None:
                body.append(
                    f'<rect x="{cx + 2}" y="{plot_h - 12}" width="{col_w - 4}" height="12" '
                    f'fill="url(#{uid}-supp)" stroke="#666666" stroke-width="0.5"/>'
                )
            else:
                h = plot_h * pct / top if top else 0
                body.append(
                    f'<rect x="{cx + 2}" y="{plot_h - h + 10:.1f}" width="{col_w - 4}" '
                    f'height="{h:.1f}" fill="{BLUE}"/>'
                )
            body.append(
                f'<text x="{cx + col_w / 2}" y="{plot_h + 24}" font-size="10" '
                f'text-anchor="middle" fill="{INK}">{g}</text>'
            )
        mean = item.get("mean")
        if mean is not None:
            mx = x0 + (float(mean) - 0.5) * col_w
            body.append(
                f'<line x1="{mx:.1f}" y1="6" x2="{mx:.1f}" y2="{plot_h + 12}" '
                f'stroke="{VERMILLION}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        prev_mean = (item.get("previous") or {}).get("mean")
        if prev_mean is not None:
            px = x0 + (float(prev_mean) - 0.5) * col_w
            body.append(
                f'<line x1="{px:.1f}" y1="6" x2="{px:.1f}" y2="{plot_h + 12}" '
                f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="1 2"/>'
            )
        mean_text = (
            _("gemiddeld %(mean)s") % {"mean": number(mean, 1)}
            if mean is not None
            else _("gemiddelde onderdrukt")
        )
        lines = _wrap(translate(item["text"], language), 44)
        body.append(
            f'<text x="{x0}" y="{plot_h + 40}" font-size="10" fill="{INK}">'
            f"{escape(str(item.get('number') or ''))} {escape(lines[0])}</text>"
        )
        n_text = count(item["n"]) if item.get("n") is not None else _supp_word(language)
        body.append(
            f'<text x="{x0}" y="{plot_h + 54}" font-size="10" fill="{INK}">'
            f"{escape(mean_text)} (n = {escape(n_text)})</text>"
        )
        if prev_mean is not None:
            mean_text += f"; {_('vorige scan')} {number(prev_mean, 1)}"
        descs.append(f"{translate(item['text'], language)}: {mean_text}, n = {n_text}")
    return _svg(uid, width, height, title, "; ".join(descs), "".join(body))


def heat_map(register: dict, uid: str, title: str, language: str = "nl") -> SafeString:
    """Processes (rows) by vulnerability criteria (columns); the score 0-3 in every cell."""
    criteria = register.get("criteria", [])
    processes = register.get("processes", [])
    label_w, cell, head = 230, 34, 24
    width = label_w + cell * len(criteria) + 70
    height = head + cell * len(processes) + 44
    body = []
    for j, c in enumerate(criteria):
        body.append(
            f'<text x="{label_w + j * cell + cell / 2}" y="16" font-size="10" '
            f'text-anchor="middle" fill="{INK}">{escape(c["short"])}</text>'
        )
    body.append(
        f'<text x="{label_w + len(criteria) * cell + 8}" y="16" font-size="10" fill="{INK}">'
        f"{escape(_('score'))}</text>"
    )
    descs = []
    for i, p in enumerate(processes):
        y = head + i * cell
        name = p["name"] if len(p["name"]) <= 36 else p["name"][:35] + "…"
        body.append(
            f'<text x="0" y="{y + cell / 2 + 4}" font-size="10" fill="{INK}">{escape(name)}</text>'
        )
        scores = []
        for j, cellv in enumerate(p.get("cells", [])):
            s = cellv.get("score")
            x = label_w + j * cell
            fill = HEAT.get(s, "#FFFFFF")
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="0.3"/>'
            )
            body.append(
                f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 4}" font-size="11" '
                f'text-anchor="middle" fill="{HEAT_TEXT.get(s, "#000000")}">'
                f"{'–' if s is None else s}</text>"
            )
            scores.append(f"{cellv.get('criterion')} {'–' if s is None else s}")
        body.append(
            f'<text x="{label_w + len(criteria) * cell + 8}" y="{y + cell / 2 + 4}" '
            f'font-size="10" fill="{INK}">{p["score"]}</text>'
        )
        descs.append(f"{p['name']}: {', '.join(scores)}; score {p['score']}")
    # Legend.
    y = head + cell * len(processes) + 14
    for s in range(4):
        x = s * 130
        body.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{HEAT[s]}" '
            f'stroke="{INK}" stroke-width="0.3"/>'
        )
        body.append(
            f'<text x="{x + 18}" y="{y + 11}" font-size="10" fill="{INK}">'
            f"{s} = {escape(_level_name(s))}</text>"
        )
    return _svg(uid, width, height, title, " | ".join(descs), "".join(body))


def _level_name(score: int) -> str:
    return [_("niet"), _("beperkt"), _("aanzienlijk"), _("hoog")][score]


def maturity_bars(pillars: list[dict], uid: str, title: str, language: str = "nl") -> SafeString:
    """Maturity phase per RIEC pillar as horizontal bars, the phase written out."""
    label_w, bar_w, row = 260, 300, 30
    width = label_w + bar_w + 280
    height = row * len(pillars) + 20
    body = []
    descs = []
    for i, p in enumerate(pillars):
        y = 6 + i * row
        max_level = p.get("max_level") or 5
        level = p.get("level") or 0
        body.append(
            f'<text x="0" y="{y + 15}" font-size="11" fill="{INK}">{_t(p["name"], language)}</text>'
        )
        for s in range(max_level):
            x = label_w + s * bar_w / max_level
            filled = s < level
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{bar_w / max_level - 2:.1f}" height="20" '
                f'fill="{BLUE if filled else "#FFFFFF"}" stroke="{INK}" stroke-width="0.5"/>'
            )
        prev = p.get("previous_level")
        if prev:
            px = label_w + prev * bar_w / max_level - 2
            body.append(
                f'<line x1="{px:.1f}" y1="{y - 3}" x2="{px:.1f}" y2="{y + 23}" '
                f'stroke="{VERMILLION}" stroke-width="3"/>'
            )
        phase = translate(p.get("phase_name"), language)
        text = f"{_('fase')} {level}/{max_level} {phase}".strip()
        if prev:
            text += f" ({_('vorige scan')}: {prev})"
        body.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 15}" font-size="11" fill="{INK}">'
            f"{escape(text)}</text>"
        )
        descs.append(f"{translate(p['name'], language)}: {text}")
    return _svg(uid, width, height, title, "; ".join(descs), "".join(body))


VERDICT_SCALE = {"voldoende": 4, "op_onderdelen": 3, "beperkt": 2, "onvoldoende": 1}


def verdict_overview(
    chapters: list[dict], uid: str, title: str, language: str = "nl"
) -> SafeString:
    """Resumé of the verdicts per dimension and theme (seed 004 Figuur 10.1) on a 4-step scale,
    the verdict written next to every row."""
    label_w, step_w, row = 300, 60, 28
    width = label_w + 4 * step_w + 200
    height = row * len(chapters) + 12
    body = []
    descs = []
    for i, ch in enumerate(chapters):
        y = 6 + i * row
        name = f"{ch.get('number', '')}. {translate(ch.get('name'), language)}"
        body.append(f'<text x="0" y="{y + 15}" font-size="11" fill="{INK}">{escape(name)}</text>')
        level = VERDICT_SCALE.get(ch.get("verdict_level", ""), 0)
        for s in range(4):
            x = label_w + s * step_w
            body.append(
                f'<rect x="{x}" y="{y}" width="{step_w - 4}" height="20" '
                f'fill="{BLUE if s < level else "#FFFFFF"}" stroke="{INK}" stroke-width="0.5"/>'
            )
        verdict = translate(ch.get("verdict_label"), language)
        body.append(
            f'<text x="{label_w + 4 * step_w + 8}" y="{y + 15}" font-size="11" fill="{INK}">'
            f"{escape(verdict)}</text>"
        )
        descs.append(f"{name}: {verdict}")
    return _svg(uid, width, height, title, "; ".join(descs), "".join(body))
