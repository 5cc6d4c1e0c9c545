"""The parts of the report tree that seed 004 adds around the chapters: the sources per
finding, the document study and triangulation in the method chapter, the answers to the
research questions, the recommendations grouped by theme and the conversation partners.

Every part reads keys that older snapshots lack; a snapshot without them renders as before.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from weerbaar.core.formatting import MISSING
from weerbaar.core.text import translate

from .compose_tables import long_date
from .document import Block, BulletList, Heading, Inline, Paragraph, Run, Section, Table

RESEARCH_ANCHOR = "h-research"
PARTNERS_ANCHOR = "h-appendix-partners"


def has_research(r: dict) -> bool:
    return bool((r.get("research") or {}).get("parts"))


def has_fieldwork(r: dict) -> bool:
    """Whether the snapshot knows about documents and interviews (newer snapshots do)."""
    return "partners" in r


def _chapter_norms(ch: dict) -> list[dict]:
    return list(ch.get("norms", [])) + [n for s in ch.get("subelements", []) for n in s["norms"]]


def _source_runs(block: dict) -> tuple[Run, ...]:
    lines = []
    for line in block.get("lines", []):
        detail = translate(line.get("detail"))
        text = translate(line.get("text"))
        lines.append(f"{text} ({detail})" if detail else text)
    return (
        Run(f"{translate(block['label'])}: ", "strong", True),
        Run("; ".join(lines)),
    )


def norm_sources_blocks(ch: dict) -> list[Block]:
    """Per norm of a chapter: which sources support the verdict and what each source says."""
    items: list[Inline] = []
    for n in _chapter_norms(ch):
        blocks = [b for b in n.get("sources") or [] if b.get("lines")]
        supported = [
            translate(b["label"])
            for b in n.get("sources") or []
            if b["kind"] in n.get("supported_by", [])
        ]
        if not blocks and not supported:
            continue
        if supported:
            verdict = _("oordeel ondersteund door: %(sources)s") % {"sources": ", ".join(supported)}
        else:
            verdict = _("nog niet vastgelegd welke bronnen het oordeel ondersteunen")
        runs = [
            Run(f"{n['code']} {translate(n['title'])}", "strong"),
            Run(f" — {verdict}", "muted"),
        ]
        for block in blocks:
            runs += _source_runs(block)
        items.append(tuple(runs))
    if not items:
        return []
    return [Heading(4, _("Bronnen per bevinding")), BulletList(items, style="norm-sources")]


def method_blocks(r: dict, partners_letter: str) -> list[Block]:
    """Triangulation, the document study and the interviews, for the method chapter."""
    if not has_fieldwork(r):
        return []
    docs = r.get("documents") or []
    partners = r.get("partners") or []
    blocks: list[Block] = [
        Heading(3, _("Triangulatie")),
        Paragraph(
            _(
                "De bevindingen rusten waar mogelijk op drie bronnen: de documentstudie, de "
                "gesprekken en de enquêtes, aangevuld met de registers en het "
                "incidentenregister. Waar de uitkomsten van verschillende bronnen overeenkomen "
                "en elkaar niet tegenspreken, kan met meer zekerheid iets worden gezegd over de "
                "juistheid van de bevindingen. Per bevinding staat welke bronnen het oordeel "
                "ondersteunen."
            )
        ),
        Heading(3, _("Documentstudie")),
    ]
    if docs:
        blocks.append(
            Table(
                _("Bestudeerde documenten"),
                [_("Document"), _("Soort"), _("Eigenaar"), _("Ontvangen")],
                [
                    [
                        d["title"],
                        translate(d.get("kind_label")),
                        d.get("owner") or MISSING,
                        long_date(d.get("received_on")) or _("opgevraagd, nog niet ontvangen"),
                    ]
                    for d in docs
                ],
                style="table documents-table",
                widths=["w-40", "w-18", "w-22", "w-18"],
            )
        )
    else:
        blocks.append(Paragraph(_("Er zijn nog geen documenten opgevraagd."), "muted"))
    blocks += [
        Heading(3, _("Gesprekken")),
        Paragraph(
            _(
                "Er is gesproken met %(n)s gesprekspartners. Zij staan per functie, zonder "
                "namen, in bijlage %(letter)s; de gespreksverslagen zijn vertrouwelijk en maken "
                "geen deel uit van dit rapport."
            )
            % {"n": len(partners), "letter": partners_letter}
            if partners
            else _("Er zijn nog geen gesprekken gehouden."),
            "" if partners else "muted",
        ),
    ]
    return blocks


def _verdict_run(part: dict) -> Run:
    level = part.get("verdict_level", "geen_oordeel")
    return Run(translate(part.get("verdict_label")), f"verdict verdict-{level}")


def research_chapter(r: dict, number: int) -> Section:
    """The central question answered per part, and the sub-questions per theme."""
    research = r.get("research") or {}
    children: list = [
        Heading(2, f"{number}. {_('Beantwoording van de onderzoeksvragen')}", RESEARCH_ANCHOR),
        Heading(3, f"{number}.1 {_('Hoofdvraag')}"),
        Paragraph(translate(research.get("central_question")), "definition"),
        Table(
            _("Antwoord op de hoofdvraag per deel"),
            [_("Deel van de hoofdvraag"), _("Oordeel"), _("Antwoord")],
            [
                [translate(p["text"]), (_verdict_run(p),), p.get("answer") or MISSING]
                for p in research.get("parts", [])
            ],
            style="table research-table",
            widths=["w-40", "w-18", ""],
        ),
    ]
    for i, theme in enumerate(research.get("themes", []), start=2):
        children.append(Heading(3, f"{number}.{i} {_('Deelvragen')}: {translate(theme['title'])}"))
        # Numbered paragraphs, not a list: the numbers run on across the themes, and not every
        # renderer honours a list item's own number.
        for q in theme.get("sub_questions", []):
            answer = (
                Run(q["answer"], "", True)
                if q.get("answer")
                else Run(_("Nog niet beantwoord."), "muted", True)
            )
            children.append(
                Paragraph(
                    (Run(f"{q['number']}. {translate(q['text'])}", "strong"), answer),
                    "numbered-item",
                )
            )
    return Section(children, "chapter", RESEARCH_ANCHOR)


def _recommendation_runs(rec: dict) -> list[Run]:
    runs = [Run(rec["text"])]
    if rec.get("reason"):
        runs.append(Run(f"{_('Motivering:')} {rec['reason']}", "muted", True))
    if rec.get("triggers"):
        runs.append(Run(f"{_('Aanleiding:')} {'; '.join(rec['triggers'])}", "muted", True))
    if rec.get("source") == "own":
        runs.append(Run(_("Aanbeveling van de coördinator"), "muted", True))
    return runs


def recommendation_groups(r: dict, recs: list[dict], number: int) -> list[Block]:
    """The recommendations under a heading per theme, numbered on across the themes (as
    numbered paragraphs: not every renderer honours a list item's own number); a flat
    numbered list for snapshots without themes."""
    themes = (r.get("research") or {}).get("themes") or []
    known = {t["id"] for t in themes}
    if not recs:
        return []
    if not themes or any(rec.get("theme") not in known for rec in recs):
        items: list[Inline] = [tuple(_recommendation_runs(rec)) for rec in recs]
        return [
            BulletList(
                items,
                numbered=True,
                numbers=[rec["number"] for rec in recs],
                style="recommendations",
            )
        ]
    blocks: list[Block] = []
    position = 0
    for theme in themes:
        group = [rec for rec in recs if rec.get("theme") == theme["id"]]
        if not group:
            continue
        position += 1
        blocks.append(Heading(3, f"{number}.{position} {translate(theme['title'])}"))
        blocks += [
            Paragraph(
                (Run(f"{rec['number']}.", "strong"), Run(" "), *_recommendation_runs(rec)),
                "numbered-item recommendation",
            )
            for rec in group
        ]
    return blocks


def partners_appendix(r: dict, letter: str) -> list[Section]:
    """The conversation partners by function (gesprekspartners), never by name."""
    if not has_fieldwork(r):
        return []
    title = _("Bijlage %(letter)s. Gesprekspartners") % {"letter": letter}
    partners = sorted(
        r.get("partners") or [], key=lambda p: (p["function"].lower(), p["held_on"] or "")
    )
    children: list = [
        Heading(2, title, PARTNERS_ANCHOR),
        Paragraph(
            _(
                "De gesprekspartners staan hier per functie, zonder namen, met de soort en de "
                "datum van het gesprek."
            ),
            "muted",
        ),
    ]
    if partners:
        children.append(
            Table(
                _("Gesprekspartners per functie"),
                [_("Functie"), _("Soort gesprek"), _("Datum")],
                [
                    [
                        p["function"],
                        translate(p.get("kind_label")),
                        long_date(p.get("held_on")) or MISSING,
                    ]
                    for p in partners
                ],
                style="table partners-table",
                widths=["w-40", "w-30", ""],
            )
        )
    else:
        children.append(Paragraph(_("Er zijn nog geen gesprekken gehouden."), "muted"))
    return [Section(children, "chapter appendix", PARTNERS_ANCHOR)]
