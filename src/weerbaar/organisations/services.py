"""Changing organisations and who belongs to them.

Who may give which role is decided in :mod:`.governance`; this module only does it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from weerbaar.accounts import normalise_email

from .models import Department, Membership, Organisation


def set_departments(
    organisation: Organisation, names: list[str], renames: dict[int, str] | None = None
) -> bool:
    """Make the organisation's departments exactly ``names``, in that order.

    ``renames`` (department id -> new name) renames departments in place first: the same
    row, so responses and invitations keep their department. ``names`` then holds the new
    names. A name not in the list is removed; a name not yet there is added.
    Returns whether anything changed.
    """
    changed = False
    with transaction.atomic():
        if renames:
            changed = rename_departments(organisation, renames)
        existing = {d.name: d for d in organisation.departments.all()}
        for position, name in enumerate(names):
            dept = existing.pop(name, None)
            if dept is None:
                Department.objects.create(organisation=organisation, name=name, position=position)
                changed = True
            elif dept.position != position:
                dept.position = position
                dept.save(update_fields=["position"])
                changed = True
        for dept in existing.values():
            dept.delete()
            changed = True
    return changed


def rename_departments(organisation: Organisation, renames: dict[int, str]) -> bool:
    """Rename departments of the organisation in place (id -> new name); swaps are fine."""
    depts = {d.pk: d for d in organisation.departments.filter(pk__in=list(renames))}
    todo = {pk: name for pk, name in renames.items() if pk in depts and depts[pk].name != name}
    if not todo:
        return False
    with transaction.atomic():
        # Two steps, so that names may be swapped under the unique (organisation, name).
        for pk in todo:
            depts[pk].name = f"\u2063{pk}"  # an invisible separator: never a typed name
            depts[pk].save(update_fields=["name"])
        for pk, name in todo.items():
            depts[pk].name = name
            depts[pk].save(update_fields=["name"])
    return True


def grant_role(organisation: Organisation, *, email: str, role: str, full_name: str = "") -> None:
    """Give the person with ``email`` the role; an account without a password is made if needed.

    Callers decide whether the role may be given (see :mod:`.governance`) and tell the person
    (see :func:`.notifications.tell_member`).
    """
    User = get_user_model()
    email = normalise_email(email)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)


def scope_membership_to_department(
    organisation: Organisation, *, email: str, role: str, department: Department
) -> None:
    """Scope the role ``email`` holds in the organisation to one of its departments."""
    if department.organisation_id != organisation.pk:
        raise ValueError("The department belongs to another organisation.")
    membership = Membership.objects.get(
        organisation=organisation, role=role, user__email__iexact=normalise_email(email)
    )
    if membership.department_id != department.pk:
        membership.department = department
        membership.save(update_fields=["department"])
