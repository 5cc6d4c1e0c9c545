"""The report chapter on incidents (agressie, bedreiging, intimidatie) and signals.

Shown for snapshots that hold incident figures (collected since the incident register
exists); older published versions render without it, exactly as they were frozen.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from weerbaar.core.text import translate
from weerbaar.incidents.figures import count_text, hours_text, share_text

from .document import DefinitionList, Heading, Inline, Paragraph, Section, Table

ANCHOR = "h-incidents"


def has_incidents(r: dict) -> bool:
    return bool((r.get("incidents") or {}).get("available"))


def title() -> str:
    return _("Incidenten en signalen")


def incidents_chapter(r: dict, number_: int) -> Section:
    data = r["incidents"]
    children: list = [Heading(2, f"{number_}. {title()}", ANCHOR)]
    children.append(
        Paragraph(
            _(
                "Incidenten van agressie, bedreiging, intimidatie, benadering en omkoping tegen "
                "medewerkers en bestuurders, en signalen van ondermijning, zoals ze in de "
                "periode van de scan in Weerbaar zijn geregistreerd. Aantallen kleiner dan "
                "%(k)s worden niet getoond, en ook geen aantallen waaruit zij zijn terug te "
                "rekenen. Wat niet is gemeld, staat hier niet: een laag aantal kan ook op "
                "weinig meldingen wijzen."
            )
            % {"k": data.get("k")},
            "note",
        )
    )
    quarters = data.get("quarters") or []
    children.append(
        Table(
            _("Incidenten per categorie en kwartaal"),
            [_("Categorie"), *quarters],
            [
                [translate(row["label"]), *[count_text(c) for c in row["cells"]]]
                for row in data.get("categories", [])
            ],
            style="table",
        )
    )
    children.append(
        DefinitionList(
            [
                (_("Incidenten in totaal"), count_text(data.get("incidents_total")), ""),
                (
                    _("Contact met het slachtoffer binnen 48 uur"),
                    share_text(data.get("contact_within_48h")),
                    "",
                ),
                (
                    _("Mediane tijd tot contact"),
                    hours_text(data.get("median_hours_to_contact")),
                    "",
                ),
                (_("Aangifte gedaan"), share_text(data.get("aangifte_rate")), ""),
            ]
        )
    )
    signal_rows: list[list[Inline]] = [
        [translate(row["label"]), count_text(row["count"])] for row in data["signals"]
    ]
    signal_rows.append([_("Totaal"), count_text(data.get("signals_total"))])
    children.append(
        Table(
            _("Signalen van ondermijning per proces"),
            [_("Proces"), _("Signalen")],
            signal_rows,
            style="table",
        )
    )
    return Section(children, "chapter", ANCHOR)
