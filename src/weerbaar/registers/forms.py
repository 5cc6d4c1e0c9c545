"""Forms of the registers: a process with its criteria and controls, a function."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedFormMixin
from weerbaar.core.text import translate

from .method import VulnerabilityMethod
from .models import (
    ControlMeasure,
    ControlState,
    CriterionScore,
    FunctionEntry,
    ProcessEntry,
    ScreeningLevel,
)
from .services import ControlInput, CriterionInput

STATE_CHOICES = [("", _("Niet vastgelegd")), *ControlState.choices]


def library_process_choices(framework) -> list:
    choices: list = [("", _("— Eigen proces (geef hieronder een naam) —"))]
    for category in framework.process_categories:
        choices.append(
            (
                translate(category["name"]),
                [(p["id"], translate(p["name"])) for p in category.get("processes", [])],
            )
        )
    return choices


class ProcessEntryForm(VersionedFormMixin, forms.ModelForm):
    """A process of the register with its 8 criterion scores and its control measures."""

    library_process_id = forms.ChoiceField(
        label=_("Proces uit de bibliotheek"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Het proces ‘%(value)s’ komt niet voor in de bibliotheek van deze scan. "
                "Kies een proces uit de lijst of geef een eigen naam."
            )
        },
    )

    class Meta:
        model = ProcessEntry
        fields = [
            "library_process_id",
            "own_name",
            "steps",
            "owner_department",
            "described",
            "undermining_addressed",
            "discretion",
            "money_flows",
            "money_flow_size",
            "external_parties",
            "notes",
        ]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 3}),
            "external_parties": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "own_name": _("Alleen nodig als het proces niet in de bibliotheek staat."),
            "steps": _("Optioneel: één processtap per regel."),
            "discretion": _("Afwegingsruimte: hoeveel ruimte heeft de behandelaar voor maatwerk?"),
        }

    def __init__(
        self,
        *args,
        scan,
        method: VulnerabilityMethod,
        departments=(),
        check_duplicates: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.scan = scan
        self.check_duplicates = check_duplicates
        self.method = method
        self.framework = scan.framework
        cast(
            forms.ChoiceField, self.fields["library_process_id"]
        ).choices = library_process_choices(self.framework)
        self.fields["owner_department"].widget.attrs["list"] = "departments"
        self.departments = list(departments)
        self.criteria = list(self.framework.criteria)
        instance = kwargs.get("instance")
        existing_scores: dict[str, CriterionScore] = {}
        existing_controls: dict[str, ControlMeasure] = {}
        if instance is not None and instance.pk:
            existing_scores = {cs.criterion_id: cs for cs in instance.criterion_scores.all()}
            for c in instance.controls.all():
                existing_controls.setdefault(c.control_type, c)
        for criterion in self.criteria:
            cid = criterion["id"]
            current = existing_scores.get(cid)
            self.fields[f"score_{cid}"] = forms.TypedChoiceField(
                label=translate(criterion["name"]),
                choices=[
                    (str(score), f"{score} – {translate(name)}")
                    for score, name in sorted(method.criterion_levels.items())
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=str(current.score) if current else None,
                error_messages={
                    "invalid_choice": _("Kies een score van 0 tot en met 3."),
                },
            )
            self.fields[f"rationale_{cid}"] = forms.CharField(
                label=_("Onderbouwing"),
                required=False,
                max_length=500,
                initial=current.rationale if current else "",
            )
        self.control_types = list(method.process_controls)
        for ctype in self.control_types:
            measure = existing_controls.get(ctype)
            self.fields[f"control_{ctype}_state"] = forms.ChoiceField(
                label=translate(method.process_control_names[ctype]),
                choices=STATE_CHOICES,
                required=False,
                initial=measure.state if measure else "",
                error_messages={"invalid_choice": _("Kies een geldige stand van de maatregel.")},
            )
            self.fields[f"control_{ctype}_description"] = forms.CharField(
                label=_("Omschrijving"),
                required=False,
                max_length=300,
                initial=measure.description if measure else "",
            )

    # Groups for the template ------------------------------------------------------------
    def criterion_rows(self) -> list[dict]:
        return [
            {
                "criterion": c,
                "score": self[f"score_{c['id']}"],
                "rationale": self[f"rationale_{c['id']}"],
            }
            for c in self.criteria
        ]

    def control_rows(self) -> list[dict]:
        measures = self.framework.measures
        return [
            {
                "type": t,
                "name": self.method.process_control_names[t],
                "state": self[f"control_{t}_state"],
                "description": self[f"control_{t}_description"],
                "library_measures": [m for m in measures if m.get("control_type") == t],
            }
            for t in self.control_types
        ]

    def general_fields(self) -> list:
        return [self[name] for name in self.Meta.fields]

    # Validation -------------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            not data.get("library_process_id")
            and not (data.get("own_name") or "").strip()
            and "library_process_id" not in self.errors
        ):
            self.add_error(
                "own_name",
                _("Kies een proces uit de bibliotheek of geef het proces een eigen naam."),
            )
        library_id = data.get("library_process_id")
        if self.check_duplicates and library_id and not (data.get("own_name") or "").strip():
            others = self.scan.process_entries.filter(library_process_id=library_id, own_name="")
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "own_name",
                    _(
                        "Dit proces staat al in het register. Geef een eigen naam om het nog "
                        "eens op te nemen, bijvoorbeeld per afdeling."
                    ),
                )
        if data.get("money_flow_size") and not data.get("money_flows"):
            self.add_error(
                "money_flows",
                _("Er is een omvang van geldstromen gekozen: vink ook ‘geldstromen’ aan."),
            )
        for ctype in self.control_types:
            state = data.get(f"control_{ctype}_state")
            description = (data.get(f"control_{ctype}_description") or "").strip()
            if ctype == "other" and state and not description:
                self.add_error(
                    f"control_{ctype}_description",
                    _("Beschrijf de andere of compenserende maatregel."),
                )
        return data

    def criterion_inputs(self) -> list[CriterionInput]:
        return [
            CriterionInput(
                c["id"],
                self.cleaned_data.get(f"score_{c['id']}"),
                (self.cleaned_data.get(f"rationale_{c['id']}") or "").strip(),
            )
            for c in self.criteria
        ]

    def control_inputs(self) -> list[ControlInput]:
        return [
            ControlInput(
                t,
                self.cleaned_data.get(f"control_{t}_state") or None,
                (self.cleaned_data.get(f"control_{t}_description") or "").strip(),
            )
            for t in self.control_types
        ]


def library_function_choices(framework) -> list:
    return [("", _("— Eigen functie —"))] + [
        (f["id"], translate(f["name"])) for f in framework.example_functions
    ]


class FunctionEntryForm(VersionedFormMixin, forms.ModelForm):
    """A function of the register (never a named person)."""

    library_function_id = forms.ChoiceField(
        label=_("Voorbeeldfunctie uit de bibliotheek"),
        required=False,
        error_messages={
            "invalid_choice": _("De functie ‘%(value)s’ komt niet voor in de bibliotheek.")
        },
    )

    class Meta:
        model = FunctionEntry
        fields = [
            "library_function_id",
            "name",
            "department",
            "description",
            "has_mandate",
            "mandate_note",
            "information_access",
            "external_contact",
            "decision_authority",
            "financial_flows",
            "incumbents",
            "typical_tenure_years",
            "dual_roles",
            "dual_roles_note",
            "local_ties",
            "external_hires",
            "screening_required",
            "screening_done",
            "screening_done_external",
            "screening_on_change",
            "rotation_possible",
            "rotation_state",
            "four_eyes_possible",
            "four_eyes_state",
            "compensating_control",
            "compensating_state",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("De naam van de functie, nooit van een persoon (AVG)."),
            "incumbents": _("Eén functiehouder betekent: eenpitter."),
            "typical_tenure_years": _("Hoe lang blijft iemand gewoonlijk in deze functie?"),
            "local_ties": _(
                "Persoonlijke banden met inwoners of bedrijven waarmee de functie te maken "
                "heeft (bankzitter)."
            ),
            "compensating_control": _(
                "Als vier ogen of roulatie niet te bemensen is, bijvoorbeeld: "
                "het college kijkt mee bij belangrijke besluiten."
            ),
        }
        error_messages = {
            "name": {"required": _("Geef de naam van de functie.")},
            "incumbents": {
                "min_value": _("Een functie heeft ten minste één functiehouder."),
                "invalid": _("Geef het aantal functiehouders als geheel getal."),
                "required": _("Geef het aantal functiehouders."),
            },
            "typical_tenure_years": {
                "invalid": _("Geef de zittingsduur in hele jaren."),
                "min_value": _("De zittingsduur kan niet negatief zijn."),
            },
        }

    def __init__(self, *args, scan, **kwargs):
        super().__init__(*args, **kwargs)
        self.scan = scan
        cast(
            forms.ChoiceField, self.fields["library_function_id"]
        ).choices = library_function_choices(scan.framework)
        self.fields["department"].widget.attrs["list"] = "departments"
        self.fields["incumbents"].widget.attrs["min"] = 1

    GROUPS = [
        (_("Functie"), ["library_function_id", "name", "department", "description"]),
        (
            _("Kenmerken"),
            [
                "has_mandate",
                "mandate_note",
                "information_access",
                "external_contact",
                "decision_authority",
                "financial_flows",
                "incumbents",
                "typical_tenure_years",
                "dual_roles",
                "dual_roles_note",
                "local_ties",
                "external_hires",
            ],
        ),
        (
            _("Screening"),
            [
                "screening_required",
                "screening_done",
                "screening_done_external",
                "screening_on_change",
            ],
        ),
        (
            _("Beheersmaatregelen"),
            [
                "rotation_possible",
                "rotation_state",
                "four_eyes_possible",
                "four_eyes_state",
                "compensating_control",
                "compensating_state",
            ],
        ),
        (_("Toelichting"), ["notes"]),
    ]

    def groups(self) -> list[dict]:
        return [{"title": t, "fields": [self[n] for n in names]} for t, names in self.GROUPS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        absent = ControlState.ABSENT
        if data.get("rotation_state") not in (None, "", absent) and not data.get(
            "rotation_possible"
        ):
            self.add_error(
                "rotation_state",
                _(
                    "Roulatie staat als niet mogelijk: kies ‘Afwezig’ of vink "
                    "‘roulatie mogelijk’ aan."
                ),
            )
        if data.get("four_eyes_state") not in (None, "", absent) and not data.get(
            "four_eyes_possible"
        ):
            self.add_error(
                "four_eyes_state",
                _(
                    "Het vier-ogenprincipe staat als niet mogelijk: kies ‘Afwezig’ of vink "
                    "‘vier-ogenprincipe mogelijk’ aan."
                ),
            )
        if (
            data.get("compensating_state") not in (None, "", absent)
            and not (data.get("compensating_control") or "").strip()
        ):
            self.add_error("compensating_control", _("Beschrijf de compenserende maatregel."))
        if data.get("screening_required") in (ScreeningLevel.VOG, ScreeningLevel.VOG_P) and (
            data.get("screening_done") == "not_applicable"
        ):
            self.add_error(
                "screening_done",
                _("De functie vereist screening: geef aan of die bij indiensttreding gebeurt."),
            )
        if data.get("screening_required") == ScreeningLevel.NONE and data.get("screening_done") in (
            "yes",
            "partly",
        ):
            self.add_error(
                "screening_required",
                _("Er is screening uitgevoerd: kies welke screening de functie vereist."),
            )
        return data


def initial_from_example(example: dict, method: VulnerabilityMethod) -> dict:
    """Form defaults taken from a library example function and its typical attributes."""
    attrs = set(example.get("typical_attributes", []))
    initial = {
        "library_function_id": example["id"],
        "name": translate(example["name"]),
        "description": translate(example.get("description")),
        "screening_required": example.get("recommended_screening", "none"),
        "incumbents": 1 if "eenpitter" in attrs else 2,
        "has_mandate": "mandate" in attrs,
        "information_access": "broad" if "information_access" in attrs else "normal",
        "external_contact": "external_contact" in attrs,
        "decision_authority": "decides" if "decision_authority" in attrs else "none",
        "financial_flows": "financial_flows" in attrs,
        "dual_roles": "dubbelzitter" in attrs,
        "local_ties": "bankzitter" in attrs,
        "external_hires": "external_hire" in attrs,
    }
    if "langzitter" in attrs:
        initial["typical_tenure_years"] = method.long_tenure_years
    return initial


class CriteriaMatrixForm(forms.Form):
    """All criterion scores of all processes of a scan in one grid (invulmatrix)."""

    def __init__(
        self, *args, entries, criteria, method: VulnerabilityMethod, cell_url=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        self.criteria = list(criteria)
        choices = [("", "–")] + [(str(score), str(score)) for score in range(4)]
        for entry in self.entries:
            scores = {cs.criterion_id: cs.score for cs in entry.criterion_scores.all()}
            for c in self.criteria:
                current = scores.get(c["id"])
                self.fields[self.field_name(entry, c["id"])] = forms.TypedChoiceField(
                    label=f"{entry.name}: {translate(c['name'])}",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial="" if current is None else str(current),
                    error_messages={"invalid_choice": _("Kies een score van 0 tot en met 3.")},
                )
                if cell_url is not None:
                    self.fields[self.field_name(entry, c["id"])].widget.attrs.update(
                        {
                            "hx-post": cell_url(entry),
                            "hx-vals": json.dumps({"criterion": c["id"]}),
                            "hx-target": f"#matrix-score-{entry.pk}",
                            "hx-swap": "innerHTML",
                        }
                    )

    @staticmethod
    def field_name(entry, criterion_id: str) -> str:
        return f"c-{entry.pk}-{criterion_id}"

    def rows(self) -> list[dict]:
        return [
            {
                "entry": entry,
                "cells": [
                    {"criterion": c, "field": self[self.field_name(entry, c["id"])]}
                    for c in self.criteria
                ],
            }
            for entry in self.entries
        ]

    def scores_for(self, entry) -> dict:
        return {
            c["id"]: self.cleaned_data.get(self.field_name(entry, c["id"])) for c in self.criteria
        }
