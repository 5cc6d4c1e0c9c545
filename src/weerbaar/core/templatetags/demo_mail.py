"""``{{ user|may_read_demo_mail }}``: whether the demo banner links to the sent e-mails."""

from __future__ import annotations

from django import template

from weerbaar.core import demo_mail

register = template.Library()


@register.filter
def may_read_demo_mail(user) -> bool:
    return demo_mail.demo_mail_active() and demo_mail.may_read_demo_mail(user)
