"""Server-side SVG charts (grafieken) of the report.

The stacked answer bars are shared with the survey results pages (``weerbaar.core.charts``,
re-exported here); the heat map, grade, maturity and verdict charts are the report's own.
No scripts and no ``style`` attributes (the Content-Security-Policy forbids both): colours
are presentation attributes. Every chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` text alternative, and the same numbers are always in a data table next to it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from weerbaar.core.charts import (
    BLUE,
    INK,
    VERMILLION,
    category_style,
    count,
    item_description,
    stacked_bars,
    svg,
    wrap,
)
from weerbaar.core.formatting import number
from weerbaar.core.text import translate

__all__ = [
    "category_style",
    "count",
    "grade_chart",
    "heat_map",
    "item_description",
    "maturity_bars",
    "stacked_bars",
    "verdict_overview",
]

# Heat map: viridis-like sequential scale for criterion scores 0-3, with the score printed.
HEAT = {0: "#FDE725", 1: "#35B779", 2: "#31688E", 3: "#440154"}
HEAT_TEXT = {0: "#000000", 1: "#000000", 2: "#FFFFFF", 3: "#FFFFFF"}


def _t(value: Any, language: str) -> str:
    return escape(translate(value, language))


def _supp_word(language: str) -> str:
    return _("onderdrukt")


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
        lines = wrap(translate(item["text"], language), 44)
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
    return svg(uid, width, height, title, "; ".join(descs), "".join(body))


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
    return svg(uid, width, height, title, " | ".join(descs), "".join(body))


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
    return svg(uid, width, height, title, "; ".join(descs), "".join(body))


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
    return svg(uid, width, height, title, "; ".join(descs), "".join(body))
