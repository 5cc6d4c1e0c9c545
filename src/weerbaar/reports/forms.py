"""The coordinator's draft form (concept bewerken): texts and a verdict per dimension/theme."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from weerbaar.core.text import translate

from .data import VERDICT_LEVELS
from .labels import VERDICT_LABELS
from .services import DraftInput

MAX_TEXT = 20_000


def verdict_choices() -> list[tuple[str, str | Promise]]:
    return [
        ("", _("Voorstel uit de zelfevaluatie")),
        *((level, VERDICT_LABELS[level]) for level in VERDICT_LEVELS),
    ]


class ReportDraftForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    subtitle = forms.CharField(label=_("Ondertitel"), max_length=300, required=False)
    place_date = forms.CharField(label=_("Plaats en datum"), max_length=120, required=False)
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    conclusions = forms.CharField(
        label=_("Conclusies"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    own_recommendations = forms.CharField(
        label=_("Eigen aanbevelingen"),
        help_text=_("Eén aanbeveling per alinea; scheid aanbevelingen met een lege regel."),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, chapters: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.chapters = chapters
        for ch in chapters:
            name = translate(ch["name"])
            self.fields[f"{ch['id']}__verdict_level"] = forms.ChoiceField(
                label=_("Oordeel: %(name)s") % {"name": name},
                choices=verdict_choices(),
                required=False,
            )
            self.fields[f"{ch['id']}__verdict"] = forms.CharField(
                label=_("Oordeel in één zin: %(name)s") % {"name": name},
                max_length=500,
                required=False,
            )
            self.fields[f"{ch['id']}__findings"] = forms.CharField(
                label=_("Toelichting bij de bevindingen: %(name)s") % {"name": name},
                max_length=MAX_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def chapter_fields(self) -> list[dict]:
        """The fields per chapter, for the template (which holds no logic)."""
        return [
            {
                "chapter": ch,
                "fields": [
                    self[f"{ch['id']}__{part}"] for part in ("verdict_level", "verdict", "findings")
                ],
            }
            for ch in self.chapters
        ]

    def general_fields(self) -> list:
        return [self[n] for n in ("title", "subtitle", "place_date", "summary")]

    def closing_fields(self) -> list:
        return [self[n] for n in ("conclusions", "own_recommendations")]

    def draft_input(self) -> DraftInput:
        d = self.cleaned_data
        sections = {
            ch["id"]: {
                "verdict_level": d.get(f"{ch['id']}__verdict_level") or "",
                "verdict": d.get(f"{ch['id']}__verdict") or "",
                "findings": d.get(f"{ch['id']}__findings") or "",
            }
            for ch in self.chapters
        }
        recs = [p.strip() for p in (d.get("own_recommendations") or "").split("\n\n")]
        return DraftInput(
            title=d.get("title") or "",
            subtitle=d.get("subtitle") or "",
            place_date=d.get("place_date") or "",
            summary=d.get("summary") or "",
            conclusions=d.get("conclusions") or "",
            sections=sections,
            own_recommendations=[r for r in recs if r],
        )


def initial_for(report) -> dict:
    initial = {
        "revision": report.revision,
        "title": report.title,
        "subtitle": report.subtitle,
        "place_date": report.place_date,
        "summary": report.summary,
        "conclusions": report.conclusions,
        "own_recommendations": "\n\n".join(report.own_recommendations or []),
    }
    for chapter_id, value in (report.sections or {}).items():
        for part in ("verdict_level", "verdict", "findings"):
            initial[f"{chapter_id}__{part}"] = (value or {}).get(part, "")
    return initial


class SubmitForm(forms.Form):
    """Offering the previewed draft for approval (ter vaststelling aanbieden)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    gaps_seen = forms.BooleanField(
        label=_("Ik heb gezien wat er nog ontbreekt en bied het rapport toch aan."),
        required=False,
    )
    confirmed = forms.BooleanField(
        label=_("Ik heb het concept bekeken en bied het ter vaststelling aan."),
        error_messages={"required": _("Bevestig dat u het concept hebt bekeken.")},
    )


class DecisionForm(forms.Form):
    """The approver's decision on a version: approve, send back or withdraw (with a note)."""

    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalPolicyForm(forms.Form):
    approver_role = forms.ChoiceField(
        label=_("Rol die rapporten vaststelt"),
        help_text=_(
            "Alleen een versie die deze rol heeft vastgesteld, is zichtbaar voor lezers. Wie "
            "een versie aanbiedt, kan haar niet zelf vaststellen."
        ),
    )

    def __init__(self, *args, roles: list[tuple[str, str | Promise]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["approver_role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = roles
