"""The roles self-scan: saving the secretaris' answers and comparing them with the country
and, when the secretaris contributes the scores anonymously, with the region."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weerbaar.core.formatting import number, percentage
from weerbaar.core.text import translate
from weerbaar.organisations.models import Organisation, Role
from weerbaar.regional import rolescores
from weerbaar.regional.present import withheld_text

from .access import SHAREABLE_ROLES
from .content import scale, scan_roles
from .models import RoleScan

#: A regional figure of the self-scan rests on at least this many municipalities.
REGION_MIN_MUNICIPALITIES = rolescores.MIN_MUNICIPALITIES


def save_answers(
    organisation: Organisation,
    author,
    year: int,
    scores: Mapping[str, int | None],
    activities: list[str],
) -> RoleScan:
    """Store the author's answers of ``year``; unknown ids or scores outside 1..5 raise."""
    roles = scan_roles()
    role_ids = {r["id"] for r in roles}
    activity_ids = {a["id"] for r in roles for a in r["activities"]}
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if key not in role_ids:
            errors.setdefault("__all__", []).append(_("Onbekende rol in de zelfscan."))
        elif value is not None:
            if not isinstance(value, int) or not 1 <= value <= 5:
                errors.setdefault(key, []).append(_("Kies een score van 1 tot en met 5."))
            else:
                clean[key] = value
    unknown = [a for a in activities if a not in activity_ids]
    if unknown:
        errors.setdefault("__all__", []).append(_("Onbekende activiteit in de zelfscan."))
    if errors:
        raise ValidationError(errors)
    scan, _created = RoleScan.objects.get_or_create(
        organisation=organisation, author=author, year=year
    )
    scan.scores = clean
    scan.activities = sorted(set(activities))
    scan.save()
    if rolescores.contributor_id(organisation) == author.pk:
        contribute(scan)  # the contribution follows the contributor's newest answers
    return scan


def latest_own_scan(organisation: Organisation, author) -> RoleScan | None:
    return (
        RoleScan.objects.filter(organisation=organisation, author=author).order_by("-year").first()
    )


def contribute(scan: RoleScan) -> None:
    """Contribute the scan's scores anonymously to the regional comparison."""
    rolescores.contribute(scan.organisation, scan.year, scan.scores, scan.author)


def withdraw(organisation: Organisation) -> None:
    """Stop contributing: the contributed scores are deleted at once."""
    rolescores.withdraw(organisation)


def is_contributing(organisation: Organisation) -> bool:
    return rolescores.is_contributing(organisation)


def share(scan: RoleScan, roles: list[str]) -> RoleScan:
    """Share the scan with exactly ``roles`` (empty: private again)."""
    allowed = {str(r) for r in SHAREABLE_ROLES}
    if any(r not in allowed for r in roles):
        raise ValidationError({"roles": [_("Met deze rol kunt u de zelfscan niet delen.")]})
    scan.shared_with = sorted(set(roles))
    scan.save(update_fields=["shared_with", "updated_at"])
    return scan


def shared_with_labels(scan: RoleScan) -> list[str]:
    labels = dict(Role.choices)
    return [str(labels.get(r, r)) for r in scan.shared_with]


@dataclass
class ActivityRow:
    id: str
    text: str
    national: str
    done: bool


@dataclass
class RegionFigure:
    label: str
    text: str
    shown: bool


@dataclass
class RoleResult:
    id: str
    name: str
    statement: str
    score: int | None
    previous: int | None
    national_mean: str
    national_n: int
    distribution: list[dict[str, Any]]
    position: str  # how the score relates to the national mean, in words
    source: str
    source_note: str
    activities_n: int | None
    activities_source: str
    activities: list[ActivityRow] = field(default_factory=list)
    region: list[RegionFigure] = field(default_factory=list)
    region_source: str = ""


def _position(score: int | None, mean: float) -> str:
    if score is None:
        return _("Nog niet ingevuld.")
    if score > mean:
        return _("Boven het landelijke gemiddelde.")
    if score < mean:
        return _("Onder het landelijke gemiddelde.")
    return _("Gelijk aan het landelijke gemiddelde.")


def _region_figure(label: str, figure: rolescores.ScopeFigure) -> RegionFigure:
    if not figure["withheld"]:
        text = _("mediaan %(median)s (%(n)s gemeenten)") % {
            "median": figure["median"],
            "n": figure["n"],
        }
        return RegionFigure(label, text, True)
    text = withheld_text(figure["withheld"])
    return RegionFigure(label, text, False)


def region_figures(scan: RoleScan) -> dict[str, list[RegionFigure]] | None:
    """Per role the region's and all contributors' figure; ``None`` when the organisation
    does not contribute (only contributors see the comparison)."""
    ids = [r["id"] for r in scan_roles()]
    comparison = rolescores.compare(scan.organisation, scan.year, ids)
    if not comparison["participating"]:
        return None
    out: dict[str, list[RegionFigure]] = {}
    for row in comparison["rows"]:
        figures = []
        if row["region"] is not None:
            figures.append(_region_figure(_("Regio"), row["region"]))
        figures.append(_region_figure(_("Alle deelnemende gemeenten"), row["all"]))
        out[row["item"]] = figures
    return out


def results(
    scan: RoleScan | None,
    previous: RoleScan | None = None,
    region: Mapping[str, list[RegionFigure]] | None = None,
) -> list[RoleResult]:
    """Per role the score (and last year's) against the published national figures and,
    when given, the region's (see :func:`region_figures`)."""
    labels = {s["value"]: translate(s["label"]) for s in scale()}
    scores = scan.scores if scan else {}
    done = set(scan.activities) if scan else set()
    before = previous.scores if previous else {}
    out = []
    for role in scan_roles():
        nat = role["national"]
        out.append(
            RoleResult(
                id=role["id"],
                name=translate(role["name"]),
                statement=translate(role["statement"]),
                score=scores.get(role["id"]),
                previous=before.get(role["id"]),
                national_mean=number(nat["mean"], 2),
                national_n=nat["n"],
                distribution=[
                    {"value": v, "label": labels[v], "share": percentage(p / 100)}
                    for v, p in zip(range(1, 6), nat["distribution"], strict=True)
                ],
                position=_position(scores.get(role["id"]), nat["mean"]),
                source=nat["source"],
                source_note=nat.get("note", ""),
                activities_n=role.get("activities_n"),
                activities_source=role.get("activities_source", ""),
                activities=[
                    ActivityRow(
                        a["id"],
                        translate(a["text"]),
                        percentage(a["national_percentage"] / 100),
                        a["id"] in done,
                    )
                    for a in role["activities"]
                ],
                region=list((region or {}).get(role["id"], [])),
                region_source=_("regionale vergelijking, anoniem, k ≥ %(k)s")
                % {"k": REGION_MIN_MUNICIPALITIES}
                if region
                else "",
            )
        )
    return out


def previous_scan(scan: RoleScan) -> RoleScan | None:
    return (
        RoleScan.objects.filter(
            organisation=scan.organisation, author=scan.author, year__lt=scan.year
        )
        .order_by("-year")
        .first()
    )
