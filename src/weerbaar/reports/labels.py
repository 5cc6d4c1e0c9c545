"""Interface words of the report that are frozen into a published snapshot.

A published version never changes, so the labels it shows are stored in it in every
interface language (``{"nl": ..., "en": ...}``); the words come from the translation
catalog (Dutch source strings, English in ``locale/en``).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from weerbaar.surveys.describe import Bilingual, in_each_language

# Self-assessment status of a norm.
STATUS_LABELS: dict[str, Promise] = {
    "voldoet": _("Voldoet"),
    "voldoet_deels": _("Voldoet deels"),
    "voldoet_niet": _("Voldoet niet"),
    "onbekend": _("Onbekend"),
}
UNKNOWN_STATUS = "onbekend"

# The graded verdict scale of seed 004 §7.4 (oordeel), best first.
VERDICT_LABELS: dict[str, Promise] = {
    "voldoende": _("Voldoende"),
    "op_onderdelen": _("Op onderdelen"),
    "beperkt": _("In beperkte mate"),
    "onvoldoende": _("Niet / onvoldoende"),
    "geen_oordeel": _("Nog geen oordeel"),
}
NO_VERDICT = "geen_oordeel"

# A source that is simply empty (not failing) is explained in the method chapter.
NOTICES: dict[str, Promise] = {
    "surveys_missing": _(
        "Er zijn nog geen enquêteresultaten: de enquêtes van deze scan ontbreken nog."
    ),
    "register_missing": _("Er zijn nog geen gegevens over kwetsbare processen en functies."),
    "assessment_missing": _("De zelfevaluatie is nog niet ingevuld."),
    "maturity_missing": _("Er is nog geen volwassenheidsfase per RIEC-pijler bepaald."),
}

SOURCES: list[Promise] = [
    _("Enquête onder medewerkers en raadsleden (anoniem)"),
    _("Register van kwetsbare processen en functies"),
    _("Zelfevaluatie tegen de normen van het referentiekader en de RIEC-pijlers"),
]

SUPPRESSION_NOTE = _(
    "Aantallen kleiner dan %(k)s worden niet getoond (‘onderdrukt’), en ook geen aantallen "
    "waaruit zij zijn terug te rekenen. Percentages hebben als noemer het aantal "
    "respondenten dat de vraag beantwoordde (n)."
)


def frozen(label: Promise, **values: object) -> Bilingual:
    """A catalog label (with ``%(name)s`` values filled in) in every interface language."""
    if values:
        return in_each_language(lambda: str(label) % values)
    return in_each_language(lambda: str(label))
