"""The e-mails the demo "sent": a page that lists them, in demo mode only.

The demo has no mail server: the app writes each e-mail to a file in ``EMAIL_FILE_PATH``
(``var/mail``, see the settings). :func:`read_sent_mails` reads them back, newest first, with
the links in them, so that a newcomer can follow an invitation as its recipient would. The
page exists only in demo mode and only for the demo's own staff (a demo login that is the
platform administrator, or scancoördinator or gemeentesecretaris of an organisation).
Bodies are shown as escaped text, never rendered as HTML.
"""

from __future__ import annotations

import datetime
import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic import TemplateView

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between the messages of one file (Django's format)
LINK = re.compile(r"https?://[^\s<>\"']+")
MAX_MAILS = 100
# Membership roles whose demo logins may read the mail (values of organisations.Role).
READER_ROLES = ("coordinator", "gemeentesecretaris")


@dataclass(frozen=True)
class SentMail:
    """One e-mail as written by the demo's file mail backend."""

    subject: str
    recipients: str
    sent_at: datetime.datetime | None
    body: str
    links: list[str] = field(default_factory=list)


def links_in(text: str) -> list[str]:
    """The http(s) links in a text, each once, in order (without closing punctuation)."""
    found: list[str] = []
    for match in LINK.findall(text):
        link = match.rstrip(".,;:!?)]")
        if link not in found:
            found.append(link)
    return found


def parse_mail(raw: bytes) -> SentMail:
    """Subject, recipients, date, the plain-text body and its links of one message."""
    message = email.message_from_bytes(raw.strip(b"\n"), policy=policy.default)
    assert isinstance(message, EmailMessage)
    recipients = ", ".join(str(to) for to in message.get_all("to", []))
    date = message["date"]
    sent_at = getattr(date, "datetime", None) if date is not None else None
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if isinstance(part, EmailMessage) else ""
    return SentMail(
        subject=str(message["subject"] or ""),
        recipients=recipients,
        sent_at=sent_at,
        body=body,
        links=links_in(body),
    )


def read_sent_mails(folder: Path, limit: int = MAX_MAILS) -> list[SentMail]:
    """The latest ``limit`` e-mails in ``folder``, newest first (none when it is missing)."""
    if not folder.is_dir():
        return []
    mails: list[SentMail] = []
    # File names start with the time they were written: read the newest files first.
    for path in sorted(folder.glob("*.log"), reverse=True):
        mails += [
            parse_mail(chunk) for chunk in path.read_bytes().split(SEPARATOR) if chunk.strip()
        ]
        if len(mails) >= limit:
            break
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    mails.sort(key=lambda m: m.sent_at or oldest, reverse=True)
    return mails[:limit]


def demo_mail_active() -> bool:
    """Whether the app runs as the demo and writes its e-mail to files."""
    return bool(settings.DEMO_MODE) and settings.EMAIL_BACKEND == FILE_BACKEND


def may_read_demo_mail(user) -> bool:
    """The demo's staff: a demo login that is platform administrator, or scancoördinator or
    gemeentesecretaris of an organisation. Other users (also real accounts) never."""
    if not (user.is_authenticated and user.is_active and user.is_demo):
        return False
    return bool(user.is_superuser) or user.memberships.filter(role__in=READER_ROLES).exists()


class DemoMailView(LoginRequiredMixin, TemplateView):
    """The e-mails the demo sent, newest first; 404 outside demo mode."""

    template_name = "core/demo_mail.html"

    def dispatch(self, request, *args, **kwargs):
        if not demo_mail_active():
            raise Http404
        if request.user.is_authenticated and not may_read_demo_mail(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["mails"] = read_sent_mails(Path(settings.EMAIL_FILE_PATH))
        ctx["limit"] = MAX_MAILS
        return ctx
