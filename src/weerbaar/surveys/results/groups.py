"""Department groups of the results breakdowns: departments under k merged (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from weerbaar.surveys.i18n import bilingual, untranslated
from weerbaar.surveys.types import Text

UNKNOWN_GROUP = "_unknown"
POOLED_GROUP = "_other"


@dataclass
class Group:
    key: str
    label: Text
    n: int
    members: list[str] = field(default_factory=list)


def plan_groups(
    sizes: dict[str | None, int],
    k: int,
    labels: dict[str, str] | None = None,
    views: Sequence[dict[str | None, int]] = (),
) -> tuple[list[Group], dict[str | None, str]]:
    """Breakdown groups: departments with at least k respondents; the rest merged.

    Departments under k, respondents without a department and, when the merged group
    would itself be under k, the smallest departments, form one group "overige afdelingen".
    ``views``: department sizes over the rows an insider does not know (see
    :func:`.engine.compute_results`); there too no shown group may hold 1..k-1 of them.
    Returns the groups (empty when a breakdown would reveal something) and a map
    department key -> group key.
    """
    labels = labels or {}

    def small(n: int) -> bool:
        return 0 < n < k

    def too_small(d: str | None) -> bool:
        return d is None or sizes[d] < k or any(small(v.get(d, 0)) for v in views)

    shown = sorted(
        ((d, n) for d, n in sizes.items() if not too_small(d)),
        key=lambda dn: (-dn[1], str(dn[0])),
    )
    pooled = [d for d in sizes if too_small(d)]

    def pooled_small() -> bool:
        counts = [sum(sizes[d] for d in pooled)]
        counts += [sum(v.get(d, 0) for d in pooled) for v in views]
        return any(small(n) for n in counts)

    while shown and pooled_small():
        d, _n = shown.pop()
        pooled.append(d)
    pooled_n = sum(sizes[d] for d in pooled)
    groups = [Group(str(d), untranslated(labels.get(str(d), str(d))), n) for d, n in shown]
    if pooled_n:
        only_unknown = all(d is None for d in pooled if sizes[d])
        label = (
            bilingual(gettext_noop("Afdeling onbekend"))
            if only_unknown
            else bilingual(gettext_noop("Overige afdelingen (samengevoegd)"))
        )
        key = UNKNOWN_GROUP if only_unknown else POOLED_GROUP
        groups.append(Group(key, label, pooled_n, sorted(str(d) for d in pooled if d is not None)))
    if len(groups) < 2:
        groups = []
    mapping: dict[str | None, str] = {d: str(d) for d, _n in shown}
    for member in pooled:
        mapping[member] = groups[-1].key if groups else POOLED_GROUP
    return groups, mapping
