"""Helpers for tests of edit forms: what a browser would post back, a second editor."""

from __future__ import annotations

import datetime

from django.test import Client

from tests.factories import client_for_user, make_user


def form_data(response, **changes) -> dict:
    """The values of the page's ``form`` as a browser posts them back, with ``changes``."""
    form = response.context["form"]
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, datetime.datetime):
            value = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    data.update(changes)
    return data


def second_editor(organisation, role: str = "coordinator") -> Client:
    """A client for another person with ``role`` in ``organisation``."""
    return client_for_user(make_user(role=role, organisation=organisation, full_name="Bram"))
