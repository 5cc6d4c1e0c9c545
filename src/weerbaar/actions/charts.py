"""Server-side SVG trend charts (no scripts, no inline styles: CSP-safe).

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (text alternative);
the page shows the same numbers in a data table next to it.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#01689b", "#d52b1e", "#39870c", "#673ab7", "#e17000", "#007bc7", "#8b4a6a"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square", "diamond"]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    x_labels: list[str],
    series: list[tuple[str, list[float | None]]],
    width: int = 640,
    height: int = 300,
    y_min: float = 0.0,
    y_max: float = 100.0,
    ticks: list[tuple[float, str]] | None = None,
) -> SafeString:
    """A line chart over scans (percentages by default); gaps where a value is missing."""
    if ticks is None:
        ticks = [(t, f"{t}%") for t in range(0, 101, 25)]
    longest = max((len(label) for _t, label in ticks), default=4)
    left, right, top, bottom = max(48, 12 + int(7 * longest)), 16, 16, 40
    legend_h = 18 * len(series)
    plot_w, plot_h = width - left - right, height - top - bottom
    total_h = height + legend_h
    n = max(1, len(x_labels))

    def x(i: int) -> float:
        return left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        v = max(y_min, min(y_max, v))
        return top + plot_h * (1 - (v - y_min) / (y_max - y_min))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_h}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="trend-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick, tick_label in ticks:
        ty = y(tick)
        out.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
            f'stroke="#c7c7c7" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(tick_label)}</text>'
        )
    for i, label in enumerate(x_labels):
        out.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="12" '
            f'fill="#333">{escape(label)}</text>'
        )
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        shape = MARKERS[s % len(MARKERS)]
        segment: list[str] = []
        segments = []
        for i, v in enumerate(values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(v):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"/>'
                )
        for i, v in enumerate(values):
            if v is not None:
                out.append(_marker(shape, x(i), y(v), colour))
        ly = height + 18 * s + 4
        out.append(_marker(shape, left + 4, ly + 5, colour))
        out.append(
            f'<text x="{left + 16}" y="{ly + 9}" font-size="12" fill="#333">{escape(name)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above
