"""Changing organisations and who belongs to them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Department, Membership, Organisation


def set_departments(organisation: Organisation, names: list[str]) -> None:
    """Make the organisation's departments exactly ``names``, in that order."""
    with transaction.atomic():
        existing = {d.name: d for d in organisation.departments.all()}
        for position, name in enumerate(names):
            dept = existing.pop(name, None)
            if dept is None:
                Department.objects.create(organisation=organisation, name=name, position=position)
            elif dept.position != position:
                dept.position = position
                dept.save(update_fields=["position"])
        for dept in existing.values():
            dept.delete()


def add_member(
    organisation: Organisation, *, email: str, role: str, full_name: str = "", request=None
) -> tuple[Membership, bool]:
    """Give a person a role in the organisation; a new person gets an e-mail to set a password.

    Returns the membership and whether a new account was created.
    """
    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
    if created and request is not None:
        from weerbaar.accounts.forms import WelcomeForm

        form = WelcomeForm({"email": email})
        if form.is_valid():
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/mail/welcome_subject.txt",
                email_template_name="accounts/mail/welcome.txt",
                # The stubs say dict[str, str]; Django merges any values into the context.
                extra_email_context={"organisation": organisation},  # type: ignore[dict-item]
            )
    return membership, created
