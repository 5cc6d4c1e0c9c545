"""Which notes a user may see, and whom a note may name.

A note is visible to its author and to the members it names, and only while they hold
``notes.use`` in the note's organisation. Nobody else sees it: not the coordinator, not the
platform beheerder, not the RIEC adviser. No other app reads notes; they appear in no export,
report, API response, search or regional figure.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from weerbaar.organisations.models import Organisation
from weerbaar.organisations.permissions import has_permission

from .models import ConfidentialNote
from .permissions import NOTE_ROLES


def may_use_notes(user, organisation: Organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return has_permission(user, organisation, "notes.use")


def visible_notes(user, organisation: Organisation) -> QuerySet[ConfidentialNote]:
    """The notes of ``organisation`` that ``user`` wrote or is named in."""
    base = ConfidentialNote.objects.filter(organisation=organisation)
    if not may_use_notes(user, organisation):
        return base.none()
    ids = base.filter(Q(author=user) | Q(readers=user)).values("pk")
    return base.filter(pk__in=ids).select_related("author", "sealed")


def possible_readers(organisation: Organisation, author) -> QuerySet:
    """The members ``author`` may name: those of the organisation who may keep notes."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=NOTE_ROLES,
        )
        .exclude(pk=author.pk)
        .distinct()
        .order_by("full_name", "email")
    )
