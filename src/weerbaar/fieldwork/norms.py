"""The norms field work is coded against: the assessment items of the scan's pinned library."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weerbaar.core.text import translate

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def norm_choices(scan: Scan) -> list[tuple[str, str]]:
    """``(id, label)`` of every norm and pillar item of the scan's library, in library order."""
    framework = scan.framework
    choices = [(n["id"], f"{n['code']} {translate(n['title'])}") for n in framework.norms]
    choices += [(p["id"], f"{p['id']} {translate(p['text'])}") for p in framework.pillar_items]
    return choices


def known_norm_ids(scan: Scan) -> set[str]:
    framework = scan.framework
    return set(framework.norm_index) | set(framework.pillar_item_index)


def check_norm_ids(scan: Scan, norm_ids: Iterable[str], field: str = "norm_ids") -> list[str]:
    """The ids as a sorted list without duplicates; unknown ids raise a ``ValidationError``."""
    ids = sorted({n.strip() for n in norm_ids if n.strip()})
    unknown = [n for n in ids if n not in known_norm_ids(scan)]
    if unknown:
        raise ValidationError(
            {
                field: _("Deze normen komen niet voor in het referentiekader van de scan: %(ids)s.")
                % {"ids": ", ".join(unknown)}
            }
        )
    return ids


def norm_labels(scan: Scan, norm_ids: Iterable[str]) -> list[str]:
    labels = dict(norm_choices(scan))
    return [labels.get(n, n) for n in norm_ids]
