"""The report tree of a snapshot: what the report says, in which order (seed 004 §7).

:func:`compose` turns the JSON form of a :class:`~weerbaar.reports.data.ReportData` (a
published version's snapshot or the live draft) into a :class:`~.document.Document`. It
runs in the language to render in; the renderers only lay the tree out.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from .compose_appendices import (
    AUDIENCES,
    audience_label,
    free_texts_appendix,
    questionnaire_appendix,
    results_appendix,
)
from .compose_incidents import ANCHOR as INCIDENTS_ANCHOR
from .compose_incidents import has_incidents, incidents_chapter
from .compose_incidents import title as incidents_title
from .compose_sources import (
    PARTNERS_ANCHOR,
    RESEARCH_ANCHOR,
    has_fieldwork,
    has_research,
    method_blocks,
    norm_sources_blocks,
    partners_appendix,
    recommendation_groups,
    research_chapter,
)
from .compose_tables import (
    assessment_table,
    by_scale,
    chunks,
    long_date,
    period_text,
    register_blocks,
    response_tables,
    survey_tables,
    whole,
)
from .document import (
    Block,
    BulletList,
    Chart,
    Contents,
    DefinitionList,
    Document,
    Figure,
    Heading,
    Inline,
    PageBreak,
    Paragraph,
    Run,
    Section,
    Table,
)

BARS_PER_CHART = 12
GRADES_PER_CHART = 2
FIRST_CHAPTER = 3  # 1 summary, 2 method


def default_place_date(r: dict) -> str:
    """ "Gemeente Voorbeeld, 15 januari 2027": the organisation and the compilation date."""
    return f"{r.get('organisation', '')}, {long_date(r.get('generated_at'))}"


def organisation_line(r: dict) -> str:
    """The organisation on the title page, with its number of inhabitants when known."""
    name = r.get("organisation", "")
    inhabitants = r.get("inhabitants")
    if not inhabitants:
        return name
    return _("%(name)s · %(n)s inwoners") % {"name": name, "n": whole(inhabitants)}


def prose(text: str, empty: str = "") -> list[Paragraph]:
    """The coordinator's text as paragraphs (a blank line between them); ``empty`` if none."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    if not blocks:
        return [Paragraph(empty, "muted")] if empty else []
    return [Paragraph(b) for b in blocks]


def verdict_badge(chapter: dict) -> Run:
    return Run(translate(chapter["verdict_label"]), f"verdict verdict-{chapter['verdict_level']}")


def compose(snapshot: dict, language: str = "nl", extra: dict | None = None) -> Document:
    """The document tree of a snapshot in ``language``; ``extra``: version facts
    (``version_number``, ``content_hash``) or ``is_draft``."""
    with translation.override(language):
        extra = extra or {}
        chapters = snapshot.get("chapters", [])
        n_ch = len(chapters)
        extra_chapter = 1 if has_incidents(snapshot) else 0
        research = 1 if has_research(snapshot) else 0
        numbers = {
            "pillars": n_ch + FIRST_CHAPTER,
            "incidents": n_ch + FIRST_CHAPTER + 1,
            "conclusions": n_ch + FIRST_CHAPTER + 1 + extra_chapter,
            "research": n_ch + FIRST_CHAPTER + 2 + extra_chapter,
            "recommendations": n_ch + FIRST_CHAPTER + 2 + extra_chapter + research,
        }
        partners_letter = "D" if snapshot.get("free_texts") else "C"
        blocks: list[Block] = [
            title_page(snapshot, extra),
            PageBreak(),
            contents(snapshot, numbers, bool(extra_chapter), partners_letter),
            summary(snapshot, language),
            method(snapshot, partners_letter),
            *[
                chapter(ch, position, snapshot, language)
                for position, ch in enumerate(chapters, start=FIRST_CHAPTER)
            ],
            pillars(snapshot, numbers["pillars"], language),
            *([incidents_chapter(snapshot, numbers["incidents"])] if extra_chapter else []),
            conclusions(snapshot, numbers["conclusions"]),
            *([research_chapter(snapshot, numbers["research"])] if research else []),
            recommendations(snapshot, numbers["recommendations"]),
            questionnaire_appendix(snapshot),
            results_appendix(snapshot),
            *free_texts_appendix(snapshot),
            *partners_appendix(snapshot, partners_letter),
        ]
        return Document(
            title=snapshot.get("title", ""),
            language=language,
            author=snapshot.get("organisation", ""),
            description=snapshot.get("subtitle", ""),
            footer=snapshot.get("title", ""),
            blocks=blocks,
        )


def title_page(r: dict, extra: dict) -> Section:
    children: list = [Paragraph(_("Rapportage weerbaarheidsscan"), "kicker")]
    if extra.get("is_draft"):
        children.append(Paragraph(_("Concept — niet gepubliceerd"), "draft-mark"))
    facts = [
        (_("Referentiekader"), r.get("library_version", ""), ""),
        (_("Gegevensversie"), r.get("data_version", ""), ""),
        (_("Samengesteld op"), long_date(r.get("generated_at")), ""),
    ]
    if extra.get("version_number"):
        facts.append((_("Versie"), str(extra["version_number"]), ""))
    if extra.get("content_hash"):
        facts.append((_("Inhoudshash (sha256)"), extra["content_hash"], "hash"))
    children += [
        Heading(1, r.get("title", ""), "report-title"),
        Paragraph(r.get("subtitle", ""), "subtitle"),
        Paragraph(organisation_line(r), "organisation"),
        Paragraph(
            r.get("place_date")
            or f"{r.get('organisation', '')}, {long_date(r.get('generated_at'))}",
            "place-date",
        ),
        DefinitionList(facts, "version-facts"),
    ]
    return Section(children, "title-page", "report-title")


def contents(
    r: dict, numbers: dict[str, int], with_incidents: bool, partners_letter: str
) -> Contents:
    chapters = r.get("chapters", [])
    research_title = _("Beantwoording van de onderzoeksvragen")
    partners_title = _("Bijlage %(letter)s. Gesprekspartners") % {"letter": partners_letter}
    return Contents(
        _("Inhoud"),
        [
            ("h-summary", f"1. {_('Samenvatting')}"),
            ("h-method", f"2. {_('Methode')}"),
            *[
                (f"h-{ch['id']}", f"{position}. {translate(ch['name'])}")
                for position, ch in enumerate(chapters, start=FIRST_CHAPTER)
            ],
            ("h-pillars", f"{numbers['pillars']}. {_('Volwassenheid per RIEC-pijler')}"),
            *(
                [(INCIDENTS_ANCHOR, f"{numbers['incidents']}. {incidents_title()}")]
                * with_incidents
            ),
            ("h-conclusions", f"{numbers['conclusions']}. {_('Conclusies')}"),
            *([(RESEARCH_ANCHOR, f"{numbers['research']}. {research_title}")] * has_research(r)),
            ("h-recommendations", f"{numbers['recommendations']}. {_('Aanbevelingen')}"),
            ("h-appendix-questionnaires", _("Bijlage A. Vragenlijsten met routering")),
            ("h-appendix-results", _("Bijlage B. Volledige resultaattabellen")),
            *([(PARTNERS_ANCHOR, partners_title)] * has_fieldwork(r)),
        ],
    )


def summary(r: dict, language: str) -> Section:
    chapters = r.get("chapters", [])
    overview = Chart(
        "verdicts",
        chapters,
        "fig-verdicts",
        _("Resumé: oordeel per dimensie en thema"),
        language,
    )
    return Section(
        [
            Heading(2, f"1. {_('Samenvatting')}", "h-summary"),
            *prose(r.get("summary", ""), _("De samenvatting is nog niet geschreven.")),
            Figure(_("Figuur 1.1 Resumé: oordeel per dimensie en thema"), overview),
            Table(
                _("Oordeel per dimensie en thema"),
                [_("Dimensie of thema"), _("Oordeel"), _("In één zin")],
                [
                    [
                        f"{ch['number']}. {translate(ch['name'])}",
                        (verdict_badge(ch),),
                        ch.get("verdict", ""),
                    ]
                    for ch in chapters
                ],
                style="table verdict-table",
                widths=["w-30", "w-18", ""],
            ),
        ],
        "chapter",
        "h-summary",
    )


def method(r: dict, partners_letter: str = "C") -> Section:
    m = r.get("method") or {}
    chapters = r.get("chapters", [])
    children: list = [
        Heading(2, f"2. {_('Methode')}", "h-method"),
        Paragraph(
            _(
                "De scan betreft de periode %(start)s tot en met %(end)s. Voor elk onderdeel "
                "beschrijft het rapport eerst de norm (waaraan een weerbare gemeente zou moeten "
                "voldoen) en toetst het daarna de bevindingen uit de praktijk aan die norm."
            )
            % {"start": long_date(m.get("period_start")), "end": long_date(m.get("period_end"))}
        ),
        Heading(3, _("Leeswijzer")),
        Paragraph(
            _(
                "De hoofdstukken %(first)s tot en met %(last)s behandelen elk één dimensie of "
                "thema. Zij zijn steeds opgebouwd uit een paragraaf over de norm, die het kader "
                "schetst waaraan een weerbare organisatie zou moeten voldoen, een paragraaf met "
                "de bevindingen uit de enquêtes, de registers en de zelfevaluatie, en het "
                "oordeel. Daarna volgen de volwassenheid per RIEC-pijler, de conclusies en de "
                "genummerde aanbevelingen. De bijlagen bevatten de vragenlijsten met hun "
                "routering en alle resultaattabellen."
            )
            % {"first": FIRST_CHAPTER, "last": len(chapters) + FIRST_CHAPTER - 1}
        ),
        Heading(3, _("Bronnen")),
        BulletList([translate(s) for s in m.get("sources", [])]),
        *response_tables(m.get("surveys") or []),
        BulletList(
            [
                _("Kwetsbare processen in het register: %(n)s") % {"n": m.get("processes")},
                _("Kwetsbare functies in het register: %(n)s") % {"n": m.get("functions")},
                _("Normen beoordeeld in de zelfevaluatie: %(a)s van %(t)s")
                % {"a": m.get("norms_assessed"), "t": m.get("norms_total")},
                _("Kleinste getoonde aantal (k): %(k)s") % {"k": m.get("k")},
            ],
            style="method-facts",
        ),
        *[Paragraph(translate(note), "note") for note in m.get("notes", [])],
        *method_blocks(r, partners_letter),
    ]
    comparison = r.get("comparison") or {}
    if comparison.get("available"):
        children.append(
            Paragraph(
                _(
                    "Waar mogelijk zijn de uitkomsten vergeleken met de vorige scan: "
                    "%(title)s (%(period)s)."
                )
                % {
                    "title": comparison.get("previous_title"),
                    "period": period_text(comparison.get("previous_period")),
                }
            )
        )
    if r.get("notices"):
        children.append(
            Section(
                [
                    Heading(3, _("Nog geen gegevens")),
                    BulletList([translate(n) for n in r["notices"]]),
                ],
                "notices",
                tag="div",
                role="note",
            )
        )
    return Section(children, "chapter", "h-method")


def norm_list(norms: list[dict]) -> BulletList:
    return BulletList(
        [
            (
                Run(f"{n['code']} {translate(n['title'])}.", "strong"),
                Run(f" {translate(n['description'])}"),
            )
            for n in norms
        ],
        style="norms",
    )


def figures(ch: dict, position: int, k: int | None, language: str) -> list[Figure]:
    """The survey charts of a chapter; a chart never runs over a page (long lists split)."""
    out = []
    n = 0
    for audience in AUDIENCES:
        items = [{**i, "k": k} for i in ch.get("survey_items", []) if i.get("survey") == audience]
        bars = [i for i in items if i["kind"] in ("categorical", "multiple")]
        grades = [i for i in items if i["kind"] == "grade"]
        groups = [("bars", c) for same in by_scale(bars) for c in chunks(same, BARS_PER_CHART)] + [
            ("grades", c) for c in chunks(grades, GRADES_PER_CHART)
        ]
        for kind, group in groups:
            n += 1
            number = _("Figuur %(n)s") % {"n": f"{position}.{n}"}
            caption = f"{translate(ch['name'])}: " + _("enquête %(who)s") % {
                "who": audience_label(audience)
            }
            if kind == "grades":
                caption += _(" — cijfers")
            uid = f"fig-{ch['id']}-{n}".replace(".", "-").lower()
            chart = Chart(kind, group, uid, f"{number} {caption}", language)
            out.append(
                Figure(
                    (Run(number, "figure-number"), Run(f" {caption}")),
                    chart,
                    note=_(
                        "Percentages van het aantal respondenten dat de vraag beantwoordde (n). "
                        "Vragen met routering zijn alleen gesteld aan wie ze te zien kreeg; de "
                        "routering staat in de tabel."
                    ),
                    tables=survey_tables(group, number),
                )
            )
    return out


def chapter(ch: dict, position: int, r: dict, language: str) -> Section:
    anchor = f"h-{ch['id']}"
    if ch.get("type") == "dimension":
        kind = _("Dimensie %(n)s") % {"n": ch["number"]}
    else:
        kind = f"{_('Thema')} {ch['number']}"
    children: list = [
        Heading(2, f"{position}. {translate(ch['name'])}", anchor),
        Paragraph(kind, "chapter-kind"),
        Heading(3, f"{position}.1 {_('Norm (theorie)')}", f"{anchor}-norm"),
    ]
    if ch.get("definition"):
        children.append(Paragraph(translate(ch["definition"]), "definition"))
    if ch.get("norm"):
        children.append(Paragraph(translate(ch["norm"])))
    if ch.get("norms"):
        children.append(norm_list(ch["norms"]))
    for s in ch.get("subelements", []):
        children.append(Heading(4, f"{s['code']} {translate(s['name'])}"))
        if s.get("norm"):
            children.append(Paragraph(translate(s["norm"])))
        children.append(norm_list(s.get("norms", [])))
    children.append(Heading(3, f"{position}.2 {_('Bevindingen (praktijk)')}", f"{anchor}-findings"))
    children += prose(ch.get("findings_text", ""))
    k = (r.get("method") or {}).get("k")
    children += figures(ch, position, k, language) or [
        Paragraph(_("Voor dit onderdeel zijn (nog) geen enquêteresultaten."), "muted")
    ]
    if ch.get("show_register"):
        comparison = bool((r.get("comparison") or {}).get("available"))
        children += register_blocks(r.get("register") or {}, comparison, language)
    children += [
        Heading(4, _("Zelfevaluatie")),
        assessment_table(ch),
        *norm_sources_blocks(ch),
        Heading(3, f"{position}.3 {_('Oordeel')}", f"{anchor}-verdict"),
        Paragraph(
            (verdict_badge(ch), Run(f" {ch['verdict']}" if ch.get("verdict") else "")),
            "verdict-line",
        ),
    ]
    return Section(children, "chapter", anchor)


def pillars(r: dict, number: int, language: str) -> Section:
    rows = r.get("pillars") or []
    children: list = [Heading(2, f"{number}. {_('Volwassenheid per RIEC-pijler')}", "h-pillars")]
    if not rows:
        children.append(
            Paragraph(_("Er is nog geen volwassenheidsfase per RIEC-pijler bepaald."), "muted")
        )
        return Section(children, "chapter", "h-pillars")
    comparison = bool((r.get("comparison") or {}).get("available"))
    statuses = ["voldoet", "voldoet_deels", "voldoet_niet", "onbekend"]
    table = Table(
        _("Volwassenheid per RIEC-pijler"),
        [
            _("Pijler"),
            _("Fase"),
            *([_("Vorige scan")] if comparison else []),
            _("Voldoet"),
            _("Voldoet deels"),
            _("Voldoet niet"),
            _("Onbekend"),
        ],
        [
            [
                translate(p["name"]),
                f"{p.get('level')}/{p.get('max_level')} {translate(p.get('phase_name'))}".strip(),
                *(
                    ["–" if p.get("previous_level") is None else str(p["previous_level"])]
                    if comparison
                    else []
                ),
                *[str(p.get("counts", {}).get(s, 0)) for s in statuses],
            ]
            for p in rows
        ],
        style="table",
    )
    chart = Chart("maturity", rows, "fig-maturity", _("Volwassenheid per RIEC-pijler"), language)
    children.append(
        Figure(_("Volwassenheidsfase per RIEC-pijler (zelfevaluatie)"), chart, tables=[table])
    )
    return Section(children, "chapter", "h-pillars")


def conclusions(r: dict, number: int) -> Section:
    items: list[Inline] = []
    for ch in r.get("chapters", []):
        label = translate(ch["verdict_label"])
        tail = f" {ch['verdict']}" if ch.get("verdict") else ""
        items.append((Run(f"{translate(ch['name'])}:", "strong"), Run(f" {label}.{tail}")))
    return Section(
        [
            Heading(2, f"{number}. {_('Conclusies')}", "h-conclusions"),
            *prose(r.get("conclusions", ""), _("De conclusies zijn nog niet geschreven.")),
            BulletList(items, numbered=True, style="conclusion-list"),
        ],
        "chapter",
        "h-conclusions",
    )


def recommendations(r: dict, number: int) -> Section:
    children: list = [Heading(2, f"{number}. {_('Aanbevelingen')}", "h-recommendations")]
    recs = r.get("recommendations") or []
    if not recs:
        children.append(Paragraph(_("Er zijn nog geen aanbevelingen overgenomen."), "muted"))
    children += recommendation_groups(r, recs, number)
    return Section(children, "chapter", "h-recommendations")
