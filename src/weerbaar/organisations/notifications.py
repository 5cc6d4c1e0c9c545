"""E-mails about roles: to the person who gets one, and to the organisation's overseers.

Every change to memberships, roles, k and the organisation's settings is e-mailed to the
organisation's gemeentesecretaris and scancoördinatoren (each in their own language), so a
role nobody asked for does not go unnoticed. The person who gets a role is always told by
e-mail, whether or not the address already had an account: the person adding them sees the
same answer either way.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Membership, Organisation, Role

logger = logging.getLogger(__name__)

Describe = Callable[..., str]


def _role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


def describe_grant(*, email: str, role: str) -> str:
    return _("%(email)s heeft de rol %(role)s gekregen.") % {
        "email": email,
        "role": _role_label(role),
    }


def describe_request(*, email: str, role: str) -> str:
    return _(
        "De rol %(role)s is aangevraagd voor %(email)s. Het verzoek wacht op bevestiging "
        "door de gemeentesecretaris of een andere scancoördinator."
    ) % {"email": email, "role": _role_label(role)}


def describe_confirmed(*, email: str, role: str) -> str:
    return _("Het verzoek om de rol %(role)s voor %(email)s is bevestigd.") % {
        "email": email,
        "role": _role_label(role),
    }


def describe_rejected(*, email: str, role: str) -> str:
    return _("Het verzoek om de rol %(role)s voor %(email)s is afgewezen.") % {
        "email": email,
        "role": _role_label(role),
    }


def describe_removal(*, email: str, role: str) -> str:
    return _("De rol %(role)s van %(email)s is ingetrokken.") % {
        "email": email,
        "role": _role_label(role),
    }


def describe_settings(*, fields: list[str], k_before: int | None, k_after: int | None) -> str:
    text = _("De gegevens van de organisatie zijn gewijzigd: %(fields)s.") % {
        "fields": ", ".join(fields)
    }
    if k_before != k_after:
        text += " " + _("De minimale celgrootte k is gewijzigd van %(old)s in %(new)s.") % {
            "old": k_before,
            "new": k_after,
        }
    return text


def settings_changed(
    organisation: Organisation, by, form: forms.ModelForm, k_before, departments_changed: bool
) -> int:
    """E-mail a change of the organisation's details, departments or k (nothing if none)."""
    names = [n for n in form.changed_data if n in (form._meta.fields or ())]
    if not names and not departments_changed:
        return 0
    k_after = organisation.min_cell_size

    def describe() -> str:
        labels = [str(form.fields[n].label) for n in names]
        if departments_changed:
            labels.append(str(form.fields["departments"].label))
        return describe_settings(fields=labels, k_before=k_before, k_after=k_after)

    return notify_change(organisation, by, describe)


def overseers(organisation: Organisation) -> list:
    """The active gemeentesecretaris and scancoördinatoren of the organisation."""
    user_ids = Membership.objects.filter(
        organisation=organisation,
        role__in=[Role.COORDINATOR, Role.SECRETARIS],
        user__is_active=True,
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids).order_by("email"))


def notify_change(organisation: Organisation, by, describe: Describe, **details) -> int:
    """E-mail a change to the organisation's overseers; returns how many were sent."""
    url = settings.BASE_URL + reverse("organisations:members", kwargs={"org": organisation.slug})
    actor = str(by.email) if by is not None and by.is_authenticated else "system"
    sent = 0
    for user in overseers(organisation):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("Weerbaar: wijziging in leden, rollen of instellingen van %(org)s") % {
                "org": organisation.name
            }
            body = render_to_string(
                "organisations/mail/change.txt",
                {
                    "organisation": organisation,
                    "summary": describe(**details),
                    "actor": actor,
                    "url": url,
                },
            )
        sent += _send(subject, body, user.email)
    return sent


def tell_member(
    organisation: Organisation, *, email: str, role: str, request: HttpRequest | None
) -> None:
    """Tell the person they have a role: a link to choose a password, or a notice."""
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    if not user.has_usable_password():
        if request is None:
            return
        from weerbaar.accounts.forms import WelcomeForm

        form = WelcomeForm({"email": user.email})
        if form.is_valid():
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/mail/welcome_subject.txt",
                email_template_name="accounts/mail/welcome.txt",
                # The stubs say dict[str, str]; Django merges any values into the context.
                extra_email_context={"organisation": organisation},  # type: ignore[dict-item]
            )
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Weerbaar: u heeft een rol bij %(org)s") % {"org": organisation.name}
        body = render_to_string(
            "organisations/mail/role_granted.txt",
            {
                "organisation": organisation,
                "role": _role_label(role),
                "url": settings.BASE_URL + reverse("accounts:login"),
            },
        )
    _send(subject, body, user.email)


def _send(subject: str, body: str, to: str) -> int:
    try:
        return EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
        ).send()
    except (smtplib.SMTPException, OSError):
        logger.warning("Could not send a role notification e-mail", exc_info=True)
        return 0
