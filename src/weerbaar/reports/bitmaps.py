"""PNG versions of the charts for the Word document (Word cannot show SVG everywhere).

Drawn with Pillow from the same numbers as the SVG charts, in the same colours and
patterns (hatching for "oneens", dots for "weet niet"), so the DOCX reads like the PDF.
The data table under each picture carries the exact figures and the text alternative.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from weerbaar.core.formatting import number as format_number
from weerbaar.core.text import translate

from .charts import HEAT, HEAT_TEXT, category_style, count

SCALE = 2  # draw at double resolution for sharp printing
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
]


@cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size * SCALE)
        except OSError:
            continue
    return ImageFont.load_default()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _pattern(image: Image.Image, box: tuple[int, int, int, int], kind: str) -> None:
    """Overlay a hatch, dot or line pattern on a box (not colour alone)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    step = 6 * SCALE
    if kind in ("hatch", "supp"):
        for off in range(-h, w, step):
            d.line([(off, h), (off + h, 0)], fill=(0, 0, 0, 100), width=SCALE)
    elif kind == "dots":
        for x in range(step // 2, w, step):
            for y in range(step // 2, h, step):
                d.ellipse([x - SCALE, y - SCALE, x + SCALE, y + SCALE], fill=(0, 0, 0, 100))
    elif kind == "cross":
        for y in range(step // 2, h, step):
            d.line([(0, y), (w, y)], fill=(0, 0, 0, 90), width=SCALE)
    image.paste(layer, (x0, y0), layer)


def wrap_to_width(text: str, size: int, width: int, max_lines: int = 3) -> list[str]:
    """Words of ``text`` in lines no wider than ``width`` pixels; an ellipsis when cut."""
    f = font(size)
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and f.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        # The full statement is in the data table under the picture.
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return lines or [""]


def legend_rows(entries: list[tuple[str, str, str]], size: int, width: int) -> list[list]:
    """Legend entries (fill, pattern, label) in rows that fit ``width`` pixels."""
    rows: list[list] = [[]]
    x = 0
    for fill, pattern, label in entries:
        w = 18 * SCALE + int(font(size).getlength(label)) + 16 * SCALE
        if rows[-1] and x + w > width:
            rows.append([])
            x = 0
        rows[-1].append((x, fill, pattern, label))
        x += w
    return rows


def stacked_bars_png(items: list[dict], language: str = "nl") -> bytes:
    """The stacked bars with each statement written out (not its code) and a full legend."""
    label_w, bar_w, right, bar_h, line_h, legend_h = 250, 300, 64, 18, 13, 18
    width = (label_w + bar_w + right) * SCALE
    entries: dict[tuple[str, str], str] = {}
    for item in items:
        for i, c in enumerate(item.get("categories", [])):
            fill, pattern = category_style(c, i)
            entries.setdefault((fill, pattern), translate(c["label"], language))
    legend = legend_rows([(f, p, label) for (f, p), label in entries.items()], 10, width)
    labels = []
    for item in items:
        text = translate(item.get("text"), language)
        number = str(item.get("number") or "")
        full = f"{number}. {text}" if number and text else text or number
        labels.append(wrap_to_width(full, 10, (label_w - 10) * SCALE))
    rows_h = [max(bar_h + 8, line_h * len(lines) + 8) for lines in labels]
    height = (sum(rows_h) + 16 + legend_h * len(legend)) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = 6
    for item, lines, row_h in zip(items, labels, rows_h, strict=True):
        top = y * SCALE
        for i, line in enumerate(lines):
            draw.text((0, top + i * line_h * SCALE), line, fill="black", font=font(10))
        x = label_w * SCALE
        end = (label_w + bar_w) * SCALE
        if item.get("suppressed") or item.get("n") is None:
            box = (x, top, end, top + bar_h * SCALE)
            draw.rectangle(box, outline="#666666")
            _pattern(image, box, "supp")
        else:
            for i, c in enumerate(item.get("categories", [])):
                fill, pattern = category_style(c, i)
                if c.get("pct") is None:
                    continue
                w = int(bar_w * SCALE * c["pct"] / 100.0)
                if w <= 0:
                    continue
                box = (x, top, x + w, top + bar_h * SCALE)
                draw.rectangle(box, fill=fill)
                if pattern:
                    _pattern(image, box, pattern)
                if w > 30 * SCALE:
                    colour = "white" if fill == "#0072B2" else "black"
                    draw.text(
                        (x + 4 * SCALE, top + 3 * SCALE),
                        f"{format_number(c['pct'], 0)}%",
                        fill=colour,
                        font=font(10),
                    )
                x += w
            if x < end:
                _pattern(image, (x, top, end, top + bar_h * SCALE), "supp")
            draw.rectangle((label_w * SCALE, top, end, top + bar_h * SCALE), outline="black")
        n_text = f"n = {count(item['n'])}" if item.get("n") is not None else "n –"
        draw.text((end + 6 * SCALE, top + 3 * SCALE), n_text, fill="black", font=font(10))
        y += row_h
    y += 8
    for row in legend:
        for x, fill, pattern, label in row:
            box = (x, y * SCALE, x + 14 * SCALE, (y + 12) * SCALE)
            draw.rectangle(box, fill=fill, outline="black")
            if pattern:
                _pattern(image, box, pattern)
            draw.text((x + 18 * SCALE, y * SCALE), label, fill="black", font=font(10))
        y += legend_h
    return _png(image)


def heat_map_png(register: dict) -> bytes:
    criteria = register.get("criteria", [])
    processes = register.get("processes", [])
    label_w, cell, head = 230, 30, 22
    width = (label_w + cell * len(criteria) + 50) * SCALE
    height = (head + cell * len(processes) + 10) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for j, c in enumerate(criteria):
        draw.text(
            ((label_w + j * cell + 2) * SCALE, 4 * SCALE), c["short"], fill="black", font=font(9)
        )
    for i, p in enumerate(processes):
        y = (head + i * cell) * SCALE
        name = p["name"] if len(p["name"]) <= 36 else p["name"][:35] + "…"
        draw.text((0, y + 8 * SCALE), name, fill="black", font=font(10))
        for j, cellv in enumerate(p.get("cells", [])):
            s = cellv.get("score")
            x = (label_w + j * cell) * SCALE
            draw.rectangle(
                (x, y, x + (cell - 2) * SCALE, y + (cell - 2) * SCALE),
                fill=HEAT.get(s, "#FFFFFF"),
                outline="black",
            )
            draw.text(
                (x + 10 * SCALE, y + 7 * SCALE),
                "–" if s is None else str(s),
                fill=HEAT_TEXT.get(s, "#000000"),
                font=font(11),
            )
        draw.text(
            ((label_w + len(criteria) * cell + 6) * SCALE, y + 8 * SCALE),
            str(p["score"]),
            fill="black",
            font=font(10),
        )
    return _png(image)


def maturity_png(pillars: list[dict], language: str = "nl") -> bytes:
    label_w, bar_w, row = 300, 250, 28
    width = (label_w + bar_w + 160) * SCALE
    height = (row * len(pillars) + 8) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, p in enumerate(pillars):
        y = (4 + i * row) * SCALE
        draw.text(
            (0, y + 3 * SCALE), translate(p["name"], language)[:48], fill="black", font=font(10)
        )
        max_level = p.get("max_level") or 5
        level = p.get("level") or 0
        seg = bar_w // max_level
        for s in range(max_level):
            x = (label_w + s * seg) * SCALE
            draw.rectangle(
                (x, y, x + (seg - 2) * SCALE, y + 18 * SCALE),
                fill="#0072B2" if s < level else "white",
                outline="black",
            )
        phase = translate(p.get("phase_name"), language)
        draw.text(
            ((label_w + bar_w + 8) * SCALE, y + 3 * SCALE),
            f"{level}/{max_level} {phase}",
            fill="black",
            font=font(10),
        )
    return _png(image)
