"""The coordinator's draft form (concept bewerken): texts and a verdict per dimension/theme."""

from __future__ import annotations

from typing import cast

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


def _theme_field_name(key: str) -> str:
    """``rule:12`` -> ``theme__rule-12`` (a form field name for a recommendation's theme)."""
    return "theme__" + key.replace(":", "-")


class ResearchFieldsMixin:
    """The answers to the research questions and the theme of each recommendation
    (seed 004 ch. 11), added to the draft form when the library has the questions."""

    fields: dict
    cleaned_data: dict

    def add_research_fields(self, structure: dict | None, recommendations: list) -> None:
        self.structure = structure
        self.recommendation_keys = [r.key for r in recommendations]
        if not structure:
            return
        for part in structure["central_question"]["parts"]:
            text = translate(part["text"])
            self.fields[f"part__{part['id']}__verdict_level"] = forms.ChoiceField(
                label=_("Oordeel: %(part)s") % {"part": text},
                choices=[("", _("Voorstel uit de oordelen per hoofdstuk")), *verdict_choices()[1:]],
                required=False,
            )
            self.fields[f"part__{part['id']}__answer"] = forms.CharField(
                label=_("Antwoord: %(part)s") % {"part": text},
                max_length=2000,
                required=False,
            )
        for theme in structure["themes"]:
            for q in theme["sub_questions"]:
                self.fields[f"sq__{q['id']}"] = forms.CharField(
                    label=f"{q['number']}. {translate(q['text'])}",
                    max_length=MAX_TEXT,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        themes = [(t["id"], translate(t["title"])) for t in structure["themes"]]
        for rec in recommendations:
            self.fields[_theme_field_name(rec.key)] = forms.ChoiceField(
                label=_("Thema van aanbeveling %(n)s: %(text)s")
                % {"n": rec.number, "text": rec.text[:120]},
                choices=themes,
                initial=rec.theme,
                required=False,
            )

    def research_blocks(self) -> list[dict]:
        """The research fields grouped for the template (which holds no logic)."""
        if not self.structure:
            return []
        form = cast(forms.Form, self)
        blocks = [
            {
                "legend": _("Beantwoording van de hoofdvraag"),
                "fields": [
                    form[f"part__{p['id']}__{part}"]
                    for p in self.structure["central_question"]["parts"]
                    for part in ("verdict_level", "answer")
                ],
            }
        ]
        blocks += [
            {
                "legend": _("Deelvragen: %(theme)s") % {"theme": translate(t["title"])},
                "fields": [form[f"sq__{q['id']}"] for q in t["sub_questions"]],
            }
            for t in self.structure["themes"]
        ]
        if self.recommendation_keys:
            blocks.append(
                {
                    "legend": _("Indeling van de aanbevelingen"),
                    "fields": [form[_theme_field_name(k)] for k in self.recommendation_keys],
                }
            )
        return blocks

    def research_input(self) -> dict | None:
        if not self.structure:
            return None
        d = self.cleaned_data
        return {
            "parts": {
                p["id"]: {
                    "verdict_level": d.get(f"part__{p['id']}__verdict_level") or "",
                    "answer": d.get(f"part__{p['id']}__answer") or "",
                }
                for p in self.structure["central_question"]["parts"]
            },
            "sub_questions": {
                q["id"]: d.get(f"sq__{q['id']}") or ""
                for t in self.structure["themes"]
                for q in t["sub_questions"]
            },
            "recommendation_themes": {
                k: d.get(_theme_field_name(k)) or "" for k in self.recommendation_keys
            },
        }


def research_initial(report) -> dict:
    """The draft form's initial research answers and recommendation themes."""
    stored = report.structure or {}
    initial = {}
    for part_id, value in (stored.get("parts") or {}).items():
        for part in ("verdict_level", "answer"):
            initial[f"part__{part_id}__{part}"] = (value or {}).get(part, "")
    for q_id, answer in (stored.get("sub_questions") or {}).items():
        initial[f"sq__{q_id}"] = answer
    for key, theme in (stored.get("recommendation_themes") or {}).items():
        initial[_theme_field_name(key)] = theme
    return initial


class ReportDraftForm(ResearchFieldsMixin, forms.Form):
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

    def __init__(
        self,
        *args,
        chapters: list[dict],
        structure: dict | None = None,
        recommendations: list | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.chapters = chapters
        self.add_research_fields(structure, recommendations or [])
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
            structure=self.research_input(),
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
    return {**initial, **research_initial(report)}


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
