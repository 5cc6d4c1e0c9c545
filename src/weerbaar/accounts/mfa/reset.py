"""The platform beheerder resets a user's second factor (audited, and the user is told)."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerbaar.accounts.models import RecoveryCode, SecondFactorReset, WebAuthnCredential

logger = logging.getLogger(__name__)


def reset_second_factor(user: Any, by: Any) -> bool:
    """Remove every second factor of ``user``; the next log-in enrols afresh.

    Every session of the user ends at once (see ``User.get_session_auth_hash``). The reset is
    recorded as an audited :class:`SecondFactorReset` and e-mailed to the user,
    so that a reset the user did not ask for does not go unnoticed. Returns whether the
    e-mail went out (the reset stands either way).
    """
    with transaction.atomic():
        # Every session of the user ends, also ones that passed the old second factor.
        type(user).objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        TOTPDevice.objects.filter(user=user).delete()
        WebAuthnCredential.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        SecondFactorReset.objects.create(user=user, reset_by=by)
    try:
        _tell_user(user)
    except (smtplib.SMTPException, OSError):
        logger.warning("The second-factor reset e-mail could not be sent", exc_info=True)
        return False
    return True


def _tell_user(user: Any) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "base_url": settings.BASE_URL}
        subject = render_to_string("accounts/mail/mfa_reset_subject.txt", context).strip()
        body = render_to_string("accounts/mail/mfa_reset.txt", context)
    send_mail(subject, body, None, [user.email])
