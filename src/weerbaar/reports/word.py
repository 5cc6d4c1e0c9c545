"""The report as an editable Word document (DOCX) via python-docx.

Real ``Heading 1``/``Heading 2``/``Heading 3`` styles (so Word's navigation pane and table of
contents work), real tables for every figure's numbers, a table-of-contents field and page
numbers in the footer (Word fills both in when the document is opened).
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from weerbaar.core.text import translate

from . import bitmaps
from .charts import item_description
from .render import PROCESSES_PER_HEAT_MAP, chunks, prepare


def _picture(doc, png: bytes, description: str, width_cm: float = 16.0) -> None:
    """A chart picture with its text alternative (alt text) for screen readers."""
    shape = doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    shape._inline.docPr.set("descr", description[:4000])
    shape._inline.docPr.set("title", description[:200])


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """Insert a Word field (TOC, PAGE) that Word computes when the document is opened."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, text, end):
        run._r.append(el)


def _table(doc, header: list[str], rows: list[list[str]], caption: str = "") -> None:
    if caption:
        p = doc.add_paragraph(caption, style="Caption")
        p.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for r in cell.paragraphs[0].runs:
            r.bold = True
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    hdr.set(qn("w:val"), "true")
    tr_pr.append(hdr)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = "" if text is None else str(text)


def _paragraphs(doc, text: str) -> None:
    for block in [b.strip() for b in (text or "").split("\n\n") if b.strip()]:
        doc.add_paragraph(block)


def render_docx(snapshot: dict, language: str = "nl", extra: dict | None = None) -> bytes:
    with translation.override(language):
        return _render(snapshot, language, extra)


def _render(snapshot: dict, language: str, extra: dict | None) -> bytes:
    ctx = prepare(snapshot, language, extra)
    r = snapshot

    def tr(value) -> str:
        return translate(value, language)

    doc = Document()
    doc.core_properties.title = r.get("title", "")
    doc.core_properties.author = r.get("organisation", "")
    doc.core_properties.language = language
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)

    # Title page.
    doc.add_paragraph(_("Rapportage weerbaarheidsscan"))
    if ctx.get("is_draft"):
        doc.add_paragraph().add_run(_("Concept — niet gepubliceerd")).bold = True
    doc.add_heading(r.get("title", ""), level=0)
    doc.add_paragraph(r.get("subtitle", ""))
    doc.add_paragraph(r.get("organisation", ""))
    doc.add_paragraph(r.get("place_date", ""))
    doc.add_paragraph(
        f"{_('Referentiekader')}: {r.get('library_version', '')} · "
        f"{_('Gegevensversie')}: {r.get('data_version', '')} · "
        f"{_('Samengesteld op')}: {ctx['generated_on']}"
    )
    if ctx.get("version_number"):
        doc.add_paragraph(f"{_('Versie')}: {ctx['version_number']}")
    if ctx.get("content_hash"):
        doc.add_paragraph(f"{_('Inhoudshash (sha256)')}: {ctx['content_hash']}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Contents (a Word field) and page numbers.
    toc_style = "TOC Heading" if any(s.name == "TOC Heading" for s in doc.styles) else None
    doc.add_paragraph(_("Inhoud"), style=toc_style)
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', _("Werk de inhoudsopgave bij (F9)."))
    # Ask Word to fill in the contents and page fields when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run(f"{r.get('title', '')} — ")
    _field(footer, "PAGE", "1")

    # 1. Summary.
    doc.add_heading(f"1. {_('Samenvatting')}", level=1)
    _paragraphs(doc, r.get("summary", ""))
    _table(
        doc,
        [_("Dimensie of thema"), _("Oordeel"), _("In één zin")],
        [
            [f"{ch['number']}. {tr(ch['name'])}", tr(ch["verdict_label"]), ch.get("verdict", "")]
            for ch in ctx["chapters"]
        ],
        _("Oordeel per dimensie en thema"),
    )

    # 2. Method.
    m = r.get("method", {})
    doc.add_heading(f"2. {_('Methode')}", level=1)
    doc.add_paragraph(
        _("De scan betreft de periode %(start)s tot en met %(end)s.")
        % {"start": ctx["period_start"], "end": ctx["period_end"]}
    )
    doc.add_heading(_("Leeswijzer"), level=2)
    doc.add_paragraph(
        _(
            "Elke dimensie en elk thema heeft een eigen hoofdstuk met de norm, de bevindingen "
            "uit de enquêtes, de registers en de zelfevaluatie, en het oordeel. Daarna volgen "
            "de volwassenheid per RIEC-pijler, de conclusies en de genummerde aanbevelingen."
        )
    )
    doc.add_heading(_("Bronnen"), level=2)
    for s in m.get("sources", []):
        doc.add_paragraph(tr(s), style="List Bullet")
    if m.get("surveys"):
        _table(
            doc,
            [_("Enquête"), _("Uitgenodigd"), _("Respondenten"), _("Respons"), _("Periode")],
            [
                [
                    s["title"],
                    s.get("invited") or "–",
                    s["responses"],
                    f"{s['response_rate']:.0f}%" if s.get("response_rate") is not None else "–",
                    s.get("period") or "–",
                ]
                for s in m["surveys"]
            ],
            _("Respons op de enquêtes"),
        )
        for s in m["surveys"]:
            if not s.get("departments"):
                continue
            _table(
                doc,
                [_("Afdeling"), _("Uitgenodigd"), _("Ingevuld"), _("Respons")],
                [
                    [
                        d["label"],
                        d.get("invited") if d.get("invited") is not None else "–",
                        _("onderdrukt") if d.get("submitted") is None else d["submitted"],
                        "–" if d.get("rate") is None else f"{d['rate']:.0f}%",
                    ]
                    for d in s["departments"]
                ],
                _("Respons per afdeling: %(title)s") % {"title": s["title"]},
            )
    doc.add_paragraph(_("Kleinste getoonde aantal (k): %(k)s") % {"k": m.get("k")})
    for note in m.get("notes", []):
        doc.add_paragraph(tr(note))
    for notice in r.get("notices", []):
        doc.add_paragraph(tr(notice), style="List Bullet")

    # Chapters per dimension and theme.
    for ch in ctx["chapters"]:
        pos = ch["position"]
        doc.add_heading(f"{pos}. {tr(ch['name'])}", level=1)
        doc.add_heading(f"{pos}.1 {_('Norm (theorie)')}", level=2)
        if ch.get("definition"):
            doc.add_paragraph(tr(ch["definition"]))
        if ch.get("norm"):
            doc.add_paragraph(tr(ch["norm"]))
        for n in ch.get("norms", []):
            doc.add_paragraph(
                f"{n['code']} {tr(n['title'])}. {tr(n['description'])}", style="List Bullet"
            )
        for s in ch.get("subelements", []):
            doc.add_heading(f"{s['code']} {tr(s['name'])}", level=3)
            if s.get("norm"):
                doc.add_paragraph(tr(s["norm"]))
            for n in s.get("norms", []):
                doc.add_paragraph(
                    f"{n['code']} {tr(n['title'])}. {tr(n['description'])}", style="List Bullet"
                )
        doc.add_heading(f"{pos}.2 {_('Bevindingen (praktijk)')}", level=2)
        _paragraphs(doc, ch.get("findings_text", ""))
        for fig in ch["figures"]:
            doc.add_paragraph(f"{fig['number']} {fig['caption']}", style="Caption")
            if fig["kind"] == "bars":
                _picture(
                    doc,
                    bitmaps.stacked_bars_png(fig["items"], language),
                    " | ".join(item_description(i, language) for i in fig["items"]),
                )
            for table in fig["tables"]:
                _data_table(doc, table, f"{fig['number']} {fig['caption']}")
        if ch.get("show_register"):
            _register(doc, r.get("register") or {}, tr)
        norms = list(ch.get("norms", [])) + [
            n for s in ch.get("subelements", []) for n in s["norms"]
        ]
        _table(
            doc,
            [_("Norm"), _("Status"), _("Bevinding"), _("Bewijs")],
            [
                [
                    f"{n['code']} {tr(n['title'])}",
                    tr(n["status_label"]),
                    "\n".join(x for x in (n.get("finding"), n.get("evidence_text")) if x) or "–",
                    "; ".join(e["title"] for e in n.get("evidence", [])) or "–",
                ]
                for n in norms
            ],
            _("Zelfevaluatie per norm"),
        )
        doc.add_heading(f"{pos}.3 {_('Oordeel')}", level=2)
        doc.add_paragraph(f"{tr(ch['verdict_label'])}. {ch.get('verdict', '')}".strip())

    # Pillars.
    doc.add_heading(f"{ctx['pillar_chapter']}. {_('Volwassenheid per RIEC-pijler')}", level=1)
    if r.get("pillars"):
        _picture(
            doc,
            bitmaps.maturity_png(r["pillars"], language),
            "; ".join(
                f"{tr(p['name'])}: {p.get('level')}/{p.get('max_level')} {tr(p.get('phase_name'))}"
                for p in r["pillars"]
            ),
        )
        _table(
            doc,
            [
                _("Pijler"),
                _("Fase"),
                _("Voldoet"),
                _("Voldoet deels"),
                _("Voldoet niet"),
                _("Onbekend"),
            ],
            [
                [
                    tr(p["name"]),
                    f"{p.get('level')}/{p.get('max_level')} {tr(p.get('phase_name'))}",
                    p["counts"].get("voldoet", 0),
                    p["counts"].get("voldoet_deels", 0),
                    p["counts"].get("voldoet_niet", 0),
                    p["counts"].get("onbekend", 0),
                ]
                for p in r["pillars"]
            ],
            _("Volwassenheid per RIEC-pijler"),
        )
    else:
        doc.add_paragraph(_("Er is nog geen volwassenheidsfase per RIEC-pijler bepaald."))

    # Conclusions and recommendations.
    doc.add_heading(f"{ctx['conclusions_chapter']}. {_('Conclusies')}", level=1)
    _paragraphs(doc, r.get("conclusions", ""))
    for ch in ctx["chapters"]:
        doc.add_paragraph(
            f"{tr(ch['name'])}: {tr(ch['verdict_label'])}. {ch.get('verdict', '')}".strip(),
            style="List Number",
        )
    doc.add_heading(f"{ctx['recommendations_chapter']}. {_('Aanbevelingen')}", level=1)
    for rec in r.get("recommendations", []):
        p = doc.add_paragraph()
        p.add_run(f"{rec['number']}. ").bold = True
        p.add_run(rec["text"])
        if rec.get("reason"):
            doc.add_paragraph(f"{_('Motivering:')} {rec['reason']}")
    if not r.get("recommendations"):
        doc.add_paragraph(_("Er zijn nog geen aanbevelingen overgenomen."))

    # Appendices.
    doc.add_heading(_("Bijlage A. Vragenlijsten met routering"), level=1)
    for q in r.get("questionnaires", []):
        doc.add_heading(tr(q["title"]), level=2)
        _table(
            doc,
            [_("Nr."), _("Vraag"), _("Antwoorden"), _("Routering")],
            [
                [
                    x["number"],
                    tr(x["text"]) + "".join(f"\n– {tr(row)}" for row in x.get("rows", [])),
                    "; ".join(tr(o) for o in x.get("options", [])) or _("open antwoord"),
                    tr(x.get("routing")) or "–",
                ]
                for x in q.get("questions", [])
            ],
        )
    doc.add_heading(_("Bijlage B. Volledige resultaattabellen"), level=1)
    for block in ctx["appendix_results"]:
        doc.add_heading(_("Enquête %(who)s") % {"who": block["label"]}, level=2)
        for table in block["tables"]:
            _data_table(doc, table, block["label"])

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _data_table(doc, table: dict, caption: str) -> None:
    header = [_("Nr."), _("Vraag") if table["grades"] else _("Stelling"), "n"]
    if table["grades"]:
        header.append(_("Gemiddeld"))
    header += table["columns"]
    rows = []
    for row in table["rows"]:
        text = f"{row['text']}\n({row['routing']})" if row.get("routing") else row["text"]
        cells = [row["number"], text, row["n"]]
        if table["grades"]:
            cells.append(row["mean"])
        rows.append(cells + row["cells"])
        if row.get("previous"):
            rows.append(["", _("vorige scan"), row.get("previous_n") or "–", *row["previous"]])
    _table(doc, header, rows, f"{_('Gegevens bij')} {caption}")


def _register(doc, register: dict, tr) -> None:
    doc.add_heading(_("Register van kwetsbare processen en functies"), level=3)
    if not register.get("available"):
        doc.add_paragraph(_("Er zijn nog geen gegevens over kwetsbare processen en functies."))
        return
    criteria = register.get("criteria", [])
    if register.get("processes"):
        for part in chunks(register["processes"], PROCESSES_PER_HEAT_MAP):
            _picture(
                doc,
                bitmaps.heat_map_png({**register, "processes": part}),
                "; ".join(
                    f"{p['name']}: "
                    + ", ".join(f"{c['criterion']} {c['score']}" for c in p["cells"])
                    for p in part
                ),
            )
        _table(
            doc,
            [_("Code"), _("Rode draad")],
            [[c["short"], tr(c["name"])] for c in criteria],
            _("Rode draden (kolommen van de warmtekaart)"),
        )
        _table(
            doc,
            [_("Proces"), *[c["short"] for c in criteria], _("Score"), _("Klasse")],
            [
                [
                    p["name"],
                    *[("–" if c["score"] is None else c["score"]) for c in p["cells"]],
                    p["score"],
                    tr(p["band"]),
                ]
                for p in register["processes"]
            ],
            _("Warmtekaart: kwetsbare processen per rode draad (score 0–3)"),
        )
    if register.get("functions"):
        _table(
            doc,
            [
                _("Functie"),
                _("Afdeling"),
                _("Score"),
                _("Klasse"),
                _("Risicokenmerken"),
                _("Screening (vereist / uitgevoerd)"),
            ],
            [
                [
                    f["name"],
                    f.get("department") or "–",
                    f["score"],
                    tr(f["band"]),
                    ", ".join(tr(x) for x in f.get("flags", [])) or "–",
                    f.get("screening") or "–",
                ]
                for f in register["functions"]
            ],
            _("Kwetsbare functies, hoogste score eerst"),
        )
