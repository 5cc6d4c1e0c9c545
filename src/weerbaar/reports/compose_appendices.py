"""The appendices of the report tree: questionnaires, full result tables, free texts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from .compose_tables import questionnaire_table, survey_tables
from .document import BulletList, Heading, Paragraph, Section

AUDIENCES = ("staff", "council", "bestuur")


def audience_label(audience: str) -> str:
    return {
        "staff": _("medewerkers"),
        "council": _("raadsleden"),
        "bestuur": _("burgemeester en wethouders"),
    }[audience]


def questionnaire_appendix(r: dict) -> Section:
    children: list = [
        Heading(2, _("Bijlage A. Vragenlijsten met routering"), "h-appendix-questionnaires")
    ]
    for q in r.get("questionnaires", []):
        children += [Heading(3, translate(q["title"])), questionnaire_table(q)]
    if not r.get("questionnaires"):
        children.append(Paragraph(_("Er zijn nog geen enquêtes."), "muted"))
    return Section(children, "chapter appendix", "h-appendix-questionnaires")


def results_appendix(r: dict) -> Section:
    children: list = [Heading(2, _("Bijlage B. Volledige resultaattabellen"), "h-appendix-results")]
    k = (r.get("method") or {}).get("k")
    for audience in AUDIENCES:
        items = [{**i, "k": k} for i in r.get("result_tables", []) if i.get("survey") == audience]
        if not items:
            continue
        who = audience_label(audience)
        children += [
            Heading(3, _("Enquête %(who)s") % {"who": who}),
            *survey_tables(items, who),
        ]
    if len(children) == 1:
        children.append(Paragraph(_("Er zijn nog geen enquêteresultaten."), "muted"))
    return Section(children, "chapter appendix", "h-appendix-results")


def free_texts_appendix(r: dict) -> list[Section]:
    """The free texts (redacted by the coordinator, in random order), when there are any."""
    blocks = r.get("free_texts") or []
    if not blocks:
        return []
    children: list = [
        Heading(2, _("Bijlage C. Open antwoorden"), "h-appendix-texts"),
        Paragraph(
            _(
                "Open antwoorden staan los van alle andere antwoorden, in willekeurige volgorde "
                "en zoals de coördinator ze heeft ontdaan van namen en eenheden; alleen vragen "
                "met voldoende antwoorden staan hier."
            ),
            "muted",
        ),
    ]
    for block in blocks:
        number = f"{block['number']}. " if block.get("number") else ""
        children += [
            Heading(3, number + translate(block["question"])),
            BulletList(list(block["texts"])),
        ]
    return [Section(children, "chapter appendix", "h-appendix-texts")]
