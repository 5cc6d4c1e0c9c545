"""E-mail for survey invitations and reminders (uitnodigingen en herinneringen), over SMTP.

The connection comes from the settings (``WEERBAAR_EMAIL_*`` in the environment, see
settings.py). Messages are plain text, in Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from .models import Survey


@dataclass
class OutgoingMail:
    to: str
    link: str | None  # None: a reminder to someone who started (their link is not stored)


def personal_link(token: str) -> str:
    """The absolute URL of a personal link (``WEERBAAR_BASE_URL`` + ``/r/<token>/``)."""
    return settings.BASE_URL + reverse("respond:personal_intro", kwargs={"token": token})


def _context(survey: Survey, link: str | None) -> dict:
    closes = survey.closes_at
    return {
        "organisation": survey.scan.organisation.name,
        "title": survey.title,
        "link": link,
        "closes_on": formats.date_format(timezone.localtime(closes), "j F Y") if closes else "",
    }


def build_message(survey: Survey, mail: OutgoingMail, kind: str) -> EmailMessage:
    """One invitation (``kind="invitation"``) or reminder (``"reminder"``) message."""
    with translation.override("nl"):
        body = render_to_string(f"surveys/mail/{kind}.txt", _context(survey, mail.link))
        if kind == "invitation":
            subject = f"Uitnodiging: {survey.title}"
        else:
            subject = f"Herinnering: {survey.title}"
    return EmailMessage(subject=subject, body=body.strip() + "\n", to=[mail.to])


def send_mails(survey: Survey, mails: list[OutgoingMail], kind: str) -> int:
    """Send the messages over one SMTP connection; returns how many were sent."""
    if not mails:
        return 0
    messages = [build_message(survey, m, kind) for m in mails]
    return mailers.default.send_messages(messages) or 0
