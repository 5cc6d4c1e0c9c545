"""The awareness planner: sessions per target group, planning and recording as held."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin

from . import services
from .forms import HeldForm, SessionForm
from .models import AwarenessSession


class PlannerView(OrganisationMixin, TemplateView):
    permission = "awareness.view"
    template_name = "awareness/planner.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        sessions = list(services.organisation_sessions(self.organisation))
        planned = [s for s in sessions if s.held_date is None]
        held = [(s.held_date, s) for s in sessions if s.held_date is not None]
        ctx.update(
            groups=services.summary_per_group(self.organisation),
            planned=planned,
            overdue_ids={s.pk for s in planned if services.is_overdue(s, today)},
            held=[s for _date, s in sorted(held, key=lambda pair: pair[0], reverse=True)],
            can_manage=self.can("awareness.manage"),
        )
        return ctx


class SessionFormView(OrganisationMixin, FormView):
    permission = "awareness.manage"
    template_name = "awareness/session_form.html"
    form_class = SessionForm
    session: AwarenessSession | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "materials": services.material_choices(self.request.user),
        }

    def get_initial(self) -> dict[str, Any]:
        # "Inplannen" on a target group's row: the group and its suggested cadence.
        return services.suggested_plan(self.request.GET.get("doelgroep", ""))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form: SessionForm) -> HttpResponse:
        try:
            services.plan_session(
                self.organisation, form.plan(), user=self.request.user, session=self.session
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De sessie is ingepland."))
        return redirect("awareness:planner", org=self.organisation.slug)


class SessionEditView(ScopedObjectMixin[AwarenessSession], SessionFormView):
    scoped_model = AwarenessSession
    scoped_url_kwarg = "awarenesssession_id"

    def get_form_kwargs(self) -> dict[str, Any]:
        self.session = self.get_scoped_object()
        return super().get_form_kwargs()

    def get_initial(self) -> dict[str, Any]:
        s = self.get_scoped_object()
        return {
            "target_group": s.target_group,
            "title": s.title,
            "cadence_months": s.cadence_months,
            "planned_date": s.planned_date,
            "materials": list(s.materials.all()),
        }


class SessionHeldView(ScopedObjectMixin[AwarenessSession], FormView):
    """Record that a session was held: the date and the attendance as counts."""

    permission = "awareness.manage"
    scoped_model = AwarenessSession
    scoped_url_kwarg = "awarenesssession_id"
    template_name = "awareness/held_form.html"
    form_class = HeldForm

    def get_initial(self) -> dict[str, Any]:
        s = self.get_scoped_object()
        return {
            "held_date": s.held_date or min(s.planned_date, timezone.localdate()),
            "invited_count": s.invited_count,
            "attendance_count": s.attendance_count,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(session=self.get_scoped_object(), **kwargs)

    def form_valid(self, form: HeldForm) -> HttpResponse:
        try:
            following = services.record_held(
                self.get_scoped_object(), user=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if following is not None:
            messages.success(
                self.request,
                _("De sessie is vastgelegd; de volgende staat gepland op %(date)s.")
                % {"date": date_format(following.planned_date, "SHORT_DATE_FORMAT")},
            )
        else:
            messages.success(self.request, _("De sessie is vastgelegd."))
        return redirect("awareness:planner", org=self.organisation.slug)
