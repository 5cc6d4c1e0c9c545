from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.core.forms import DateInput
from weerbaar.core.text import translate

from .content import Rules

DATE_ERRORS = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")}


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DateInput, error_messages=DATE_ERRORS
    )


class FunctionScreeningForm(forms.Form):
    vog_p_domain = forms.ChoiceField(
        label=_("Domein met verplichte VOG P"),
        required=False,
        help_text=_(
            "Laat leeg als de functie in geen van deze domeinen valt of als de voorbeeldfunctie "
            "uit de bibliotheek het domein al aangeeft."
        ),
    )
    vog = _date(_("VOG laatst afgerond op"))
    vog_p = _date(_("VOG P laatst afgerond op"))
    integrity_check = _date(_("Integriteitscheck laatst afgerond op"))

    def __init__(self, *args: Any, rules: Rules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Geen of volgens de bibliotheek"))]
        choices += [(d_id, translate(d["name"])) for d_id, d in rules.domains.items()]
        self.fields["vog_p_domain"].choices = choices  # type: ignore[attr-defined]


class CandidateRoundForm(forms.Form):
    title = forms.CharField(
        label=_("Naam van de ronde"),
        max_length=120,
        help_text=_("Bijvoorbeeld ‘Collegevorming 2026’. Vul hier geen namen van personen in."),
    )
    candidates = forms.IntegerField(
        label=_("Aantal kandidaten"), required=False, min_value=1, max_value=50
    )


class StepForm(forms.Form):
    done_on = _date(_("Gezet op"))
    done_by = forms.ChoiceField(label=_("Door (rol)"), required=False)
    not_applicable = forms.BooleanField(label=_("Niet van toepassing"), required=False)

    def __init__(self, *args: Any, rules: Rules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Nog niet gezet"))]
        choices += [(p_id, translate(p["name"])) for p_id, p in rules.performers.items()]
        self.fields["done_by"].choices = choices  # type: ignore[attr-defined]
