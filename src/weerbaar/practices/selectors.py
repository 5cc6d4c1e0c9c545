"""Who sees which practice, the library's search and filters, and the support directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from weerbaar.actions import services as action_services
from weerbaar.core.text import translate
from weerbaar.library.framework import Framework, framework_for
from weerbaar.library.loader import current_version
from weerbaar.organisations.models import Organisation, Region
from weerbaar.organisations.permissions import (
    has_permission,
    visible_organisations,
)

from .models import Practice, PracticeKind, PracticeStatus, SupportLink

AUTHOR = "practice.author"
REVIEW = "practice.review"
#: Copying into the action plan needs the right to manage it.
ADOPT = action_services.MANAGE


def _drafts_visible_to(user) -> list[int]:
    """Organisations whose drafts the user sees: authors there, or the region's RIEC."""
    return [
        org.pk
        for org in visible_organisations(user)
        if has_permission(user, org, AUTHOR) or has_permission(user, org, REVIEW)
    ]


#: Fewer adopting municipalities than this are shown as "fewer than …": a count of one or
#: two would point at the neighbour that took it over.
MIN_ADOPTIONS_SHOWN = 5


def adoption_count(practice: Practice) -> int | None:
    """How many municipalities took the practice over; None for 1 to 4 (not shown)."""
    n = practice.adoptions.values("organisation").distinct().count()
    return None if 0 < n < MIN_ADOPTIONS_SHOWN else n


def visible_practices(user) -> QuerySet[Practice]:
    """Published practices for every logged-in user; drafts for their organisation and RIEC."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Practice.objects.none()
    return Practice.objects.filter(
        Q(status=PracticeStatus.PUBLISHED) | Q(organisation_id__in=_drafts_visible_to(user))
    ).select_related("organisation", "region", "library_version")


def can_edit(user, practice: Practice) -> bool:
    """Authors of the practice's organisation edit a concept or a rejected practice."""
    return practice.is_editable and has_permission(user, practice.organisation, AUTHOR)


def can_review(user, practice: Practice) -> bool:
    """The RIEC adviser of the practice's region (or the beheerder) reviews a submission."""
    return practice.status == PracticeStatus.SUBMITTED and has_permission(
        user, practice.organisation, REVIEW
    )


def can_withdraw(user, practice: Practice, organisation: Organisation) -> bool:
    """Authors or the RIEC take a submitted or published practice back (in its own context)."""
    return (
        practice.status in (PracticeStatus.SUBMITTED, PracticeStatus.PUBLISHED)
        and practice.organisation_id == organisation.pk
        and (
            has_permission(user, organisation, AUTHOR) or has_permission(user, organisation, REVIEW)
        )
    )


def can_adopt(user, practice: Practice, organisation: Organisation) -> bool:
    """Managers of the action plan copy a published (or their own) practice into it."""
    return (
        practice.is_published or practice.organisation_id == organisation.pk
    ) and has_permission(user, organisation, ADOPT)


def awaiting_review(user) -> list[Practice]:
    """Submitted practices the user may review."""
    return [
        p
        for p in visible_practices(user).filter(status=PracticeStatus.SUBMITTED)
        if can_review(user, p)
    ]


def publisher_name(practice: Practice) -> str:
    if practice.by_riec and practice.region is not None:
        return practice.region.name
    return practice.organisation.name


@dataclass
class Filters:
    query: str = ""
    kind: str = ""
    norm: str = ""
    process: str = ""
    region: str = ""
    errors: list[str] = field(default_factory=list)


def parse_filters(params: Any, framework: Framework | None) -> Filters:
    """The filters of the search form; an unknown value is reported and not applied."""
    f = Filters(query=(params.get("q") or "").strip()[:200])
    kind = params.get("kind") or ""
    if kind:
        if kind in PracticeKind.values:
            f.kind = kind
        else:
            f.errors.append(_("Onbekende soort: het filter is niet toegepast."))
    for name, index in (
        ("norm", framework.norm_index if framework else {}),
        ("process", framework.process_index if framework else {}),
    ):
        value = params.get(name) or ""
        if value:
            if value in index:
                setattr(f, name, value)
            else:
                f.errors.append(
                    _("Onbekend in het referentiekader: %(id)s. Het filter is niet toegepast.")
                    % {"id": value[:40]}
                )
    region = params.get("region") or ""
    if region:
        if Region.objects.filter(slug=region).exists():
            f.region = region
        else:
            f.errors.append(_("Onbekende regio: het filter is niet toegepast."))
    return f


def search(queryset: QuerySet[Practice], f: Filters) -> list[Practice]:
    if f.kind:
        queryset = queryset.filter(kind=f.kind)
    if f.region:
        queryset = queryset.filter(region__slug=f.region)
    if f.query:
        queryset = queryset.filter(
            Q(title__icontains=f.query)
            | Q(summary__icontains=f.query)
            | Q(description__icontains=f.query)
        )
    practices = list(queryset)
    # Links are JSON lists: filtered here so that SQLite and PostgreSQL behave the same.
    if f.norm:
        practices = [p for p in practices if f.norm in p.norm_ids]
    if f.process:
        practices = [p for p in practices if f.process in p.process_ids]
    return practices


def current_framework() -> Framework | None:
    version = current_version()
    return framework_for(version) if version is not None else None


def link_choices(framework: Framework) -> dict[str, list[tuple[str, str]]]:
    """Norms, processes and measures of a library version, as (id, label) pairs."""
    return {
        "norms": [(n["id"], f"{n['code']} {translate(n['title'])}") for n in framework.norms],
        "processes": [(p["id"], translate(p["name"])) for p in framework.processes],
        "measures": [(m["id"], translate(m["name"])) for m in framework.measures],
    }


def linked_items(practice: Practice) -> dict[str, list[str]]:
    """The names of the items a practice links to, in its own library version."""
    fw = framework_for(practice.library_version)
    choices = link_choices(fw)
    out: dict[str, list[str]] = {}
    for key, ids in (
        ("norms", practice.norm_ids),
        ("processes", practice.process_ids),
        ("measures", practice.measure_ids),
    ):
        names = dict(choices[key])
        out[key] = [names.get(i, i) for i in ids]
    return out


def region_choices() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("name").values_list("slug", "name"))


def support_links(region: Region | None) -> QuerySet[SupportLink]:
    if region is None:
        return SupportLink.objects.none()
    return SupportLink.objects.filter(region=region)


def example_support_link(organisation: Organisation) -> int | None:
    """An example ``supportlink_id`` for tests that walk every URL."""
    link = support_links(organisation.region).order_by("pk").first()
    return link.pk if link else None
