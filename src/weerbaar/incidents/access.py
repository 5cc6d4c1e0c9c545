"""Need-to-know: who sees and handles one incident or signal.

An incident is visible to its reporter, its victim (when the victim has an account), its
appointed handler, the organisation's VPT coordinators and the roles the organisation
configures (``all_roles`` for every incident, ``serious_roles`` for serious ones). An incident
against a bestuurder (``restricted``) is visible only to reporter, victim, handler and the
configured ``restricted_viewers``. No role sees incidents by default: not every coordinator,
not the platform beheerder, not the RIEC adviser.

A signal is visible to the organisation's signal handlers, its appointed handler and, when
reported through an account without anonymity, its reporter.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from weerbaar.organisations.models import Organisation
from weerbaar.organisations.permissions import roles_for

from .models import Incident, IncidentSettings, Signal


def settings_for(organisation: Organisation) -> IncidentSettings:
    """The organisation's incident settings (created with the defaults when missing)."""
    found, _created = IncidentSettings.objects.get_or_create(organisation=organisation)
    return found


def _ids(user_ids: list[int] | None) -> set[int]:
    return {int(pk) for pk in user_ids or []}


def visible_incidents(user, organisation: Organisation) -> QuerySet[Incident]:
    """The incidents of ``organisation`` that ``user`` may see (need-to-know)."""
    base = Incident.objects.filter(organisation=organisation)
    if user is None or not user.is_authenticated:
        return base.none()
    conf = settings_for(organisation)
    roles = roles_for(user, organisation)
    personal = Q(reporter=user) | Q(victim=user) | Q(handler=user)
    broad = Q(pk__in=[])
    if user.pk in _ids(conf.coordinators) or roles & set(conf.all_roles or []):
        broad = Q()
    elif roles & set(conf.serious_roles or []):
        broad = Q(serious=True)
    unrestricted = Q(restricted=False) & broad
    restricted = Q(restricted=True) if user.pk in _ids(conf.restricted_viewers) else Q(pk__in=[])
    return base.filter(personal | unrestricted | restricted)


def can_see_incident(user, incident: Incident) -> bool:
    return visible_incidents(user, incident.organisation).filter(pk=incident.pk).exists()


def can_handle_incident(user, incident: Incident) -> bool:
    """Record contact, steps and attachments: the handler and the VPT coordinators (or, for a
    restricted incident, the restricted viewers)."""
    if user is None or not user.is_authenticated:
        return False
    if incident.handler_id == user.pk:
        return True
    conf = settings_for(incident.organisation)
    if incident.restricted:
        return user.pk in _ids(conf.restricted_viewers)
    return user.pk in _ids(conf.coordinators)


def can_appoint(user, incident: Incident) -> bool:
    """Appoint the handler: the VPT coordinators (restricted viewers for a restricted one)."""
    if user is None or not user.is_authenticated:
        return False
    conf = settings_for(incident.organisation)
    if incident.restricted:
        return user.pk in _ids(conf.restricted_viewers)
    return user.pk in _ids(conf.coordinators)


def is_signal_handler(user, organisation: Organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.pk in _ids(settings_for(organisation).signal_handlers)


def visible_signals(user, organisation: Organisation) -> QuerySet[Signal]:
    base = Signal.objects.filter(organisation=organisation)
    if user is None or not user.is_authenticated:
        return base.none()
    if is_signal_handler(user, organisation):
        return base
    return base.filter(Q(handler=user) | Q(reporter=user, anonymous=False))


def can_handle_signal(user, signal: Signal) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return signal.handler_id == user.pk or is_signal_handler(user, signal.organisation)
