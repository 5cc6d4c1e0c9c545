"""Pages of the signal channel: the handlers' pages, the statistics and the public meldpunt.

The public pages (``/meldpunt/<org>/``) need no account. They pass nothing of the request to
the services (no address, no browser, no time), keep no session and put the one-time code in
a POST body, never in a URL.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.models import Organisation
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin

from . import access, processes, selectors, services
from .forms import (
    AccountSignalForm,
    CloseSignalForm,
    CodeForm,
    HandlerMessageForm,
    ReporterMessageForm,
    SignalForm,
    TriageForm,
)
from .models import Signal, SignalStatus
from .views import CaseGateMixin, NotVisible


class SignalListView(OrganisationMixin, TemplateView):
    template_name = "incidents/signal_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        names = processes.process_names(self.organisation)
        ctx["signals"] = [
            (signal, processes.label_of(names, signal.process))
            for signal in access.visible_signals(self.request.user, self.organisation)
        ]
        ctx["is_handler"] = access.is_signal_handler(self.request.user, self.organisation)
        ctx["page_title"] = _("Signalen van ondermijning")
        return ctx


class SignalCreateView(OrganisationMixin, FormView):
    """A member reports a signal through their account (anonymous unless they choose not)."""

    template_name = "incidents/signal_form.html"
    form_class = AccountSignalForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page_title": _("Signaal melden")}

    def form_valid(self, form):
        try:
            submitted = services.submit_signal(
                self.organisation, services.SignalInput(**form.cleaned_data), self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return render(
            self.request,
            "incidents/public/signal_code.html",
            {
                "organisation": self.organisation,
                "code": submitted.code,
                "page_title": _("Uw signaal is ontvangen"),
            },
        )


class SignalMixin(CaseGateMixin, ScopedObjectMixin[Signal]):
    scoped_model = Signal
    scoped_url_kwarg = "signal_id"
    list_url_name = "incidents:signal_list"

    def get_scoped_queryset(self):
        return access.visible_signals(self.request.user, self.organisation)

    def get_signal(self) -> Signal:
        try:
            return self.get_scoped_object()
        except Http404:
            raise NotVisible from None


class SignalDetailView(SignalMixin, TemplateView):
    template_name = "incidents/signal_detail.html"
    http_method_names = ["get"]

    def context(self, **forms_: forms.Form) -> dict[str, Any]:
        signal = self.get_signal()
        can_handle = access.can_handle_signal(self.request.user, signal)
        return {
            **super().get_context_data(),
            "page_title": _("Signaal %(number)s") % {"number": signal.pk},
            "signal": signal,
            "process_label": processes.label_of(
                processes.process_names(self.organisation), signal.process
            ),
            "can_handle": can_handle,
            "dialogue": signal.messages.all(),
            "triage_form": forms_.get("triage")
            or TriageForm(
                organisation=self.organisation,
                initial={
                    "handler": signal.handler,
                    "category": signal.category,
                    "urgency": signal.urgency,
                    "forwarded_to": signal.forwarded_to,
                    "actions_taken": signal.actions_taken,
                },
            ),
            "message_form": forms_.get("message") or HandlerMessageForm(),
            "close_form": forms_.get("close") or CloseSignalForm(),
        }

    def render_page(self, status: int = 200, **forms_: forms.Form) -> HttpResponse:
        return render(self.request, self.template_name, self.context(**forms_), status=status)

    def get(self, request, *args, **kwargs):
        record_read(request, self.get_signal(), "signal")
        return self.render_page()


class SignalActionView(SignalDetailView):
    http_method_names = ["post"]
    form_key = ""

    def make_form(self) -> forms.Form:
        raise NotImplementedError

    def apply(self, signal: Signal, form: forms.Form) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        signal = self.get_signal()
        form = self.make_form()
        if form.is_valid():
            try:
                self.apply(signal, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
        if form.errors:
            return self.render_page(status=400, **{self.form_key: form})
        messages.success(request, _("Opgeslagen."))
        return redirect("incidents:signal_detail", org=self.organisation.slug, signal_id=signal.pk)


class TriageSignalView(SignalActionView):
    form_key = "triage"

    def make_form(self):
        return TriageForm(self.request.POST, organisation=self.organisation)

    def apply(self, signal, form):
        services.triage_signal(signal, services.TriageInput(**form.cleaned_data), self.request.user)


class AnswerSignalView(SignalActionView):
    form_key = "message"

    def make_form(self):
        return HandlerMessageForm(self.request.POST)

    def apply(self, signal, form):
        services.handler_message(signal, form.cleaned_data["body"], self.request.user)


class CloseSignalView(SignalActionView):
    form_key = "close"

    def make_form(self):
        return CloseSignalForm(self.request.POST)

    def apply(self, signal, form):
        services.close_signal(signal, form.cleaned_data["feedback"], self.request.user)


class StatisticsView(OrganisationMixin, TemplateView):
    permission = "incidents.statistics"
    template_name = "incidents/statistics.html"

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        start = datetime.date(today.year - 1, 1, 1)
        try:
            start = datetime.date.fromisoformat(self.request.GET.get("van") or start.isoformat())
            end = datetime.date.fromisoformat(self.request.GET.get("tot") or today.isoformat())
        except ValueError:
            messages.error(
                self.request, _("Een datum is ongeldig; de standaardperiode is getoond.")
            )
            return start, today
        return (start, end) if start <= end else (end, start)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        start, end = self.period()
        ctx["stats"] = selectors.statistics(self.organisation, start, end)
        ctx["page_title"] = _("Cijfers incidenten en signalen")
        return ctx


# ----------------------------------------------------------------------------- public


@method_decorator(never_cache, name="dispatch")
class PublicSignalView(View):
    """The meldpunt: report a signal without an account."""

    weerbaar_public = True

    def organisation(self) -> Organisation:
        return get_object_or_404(Organisation, slug=self.kwargs["org"])

    def page(self, form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "incidents/public/signal_form.html",
            {"organisation": self.organisation(), "form": form, "page_title": _("Meldpunt")},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.page(SignalForm(organisation=self.organisation()))

    def post(self, request, *args, **kwargs):
        organisation = self.organisation()
        form = SignalForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                submitted = services.submit_signal(
                    organisation, services.SignalInput(**form.cleaned_data, anonymous=True)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render(
                    request,
                    "incidents/public/signal_code.html",
                    {
                        "organisation": organisation,
                        "code": submitted.code,
                        "page_title": _("Uw signaal is ontvangen"),
                    },
                )
        return self.page(form, status=400)


@method_decorator(never_cache, name="dispatch")
class PublicDialogueView(View):
    """Read the answers and add information with the one-time code (POST only)."""

    weerbaar_public = True

    def page(
        self, organisation, form, signal=None, status: int = 200, sent: bool = False
    ) -> HttpResponse:
        return render(
            self.request,
            "incidents/public/dialogue.html",
            {
                "organisation": organisation,
                "form": form,
                "signal": signal,
                "dialogue": signal.messages.all() if signal else [],
                "closed": signal is not None and signal.status == SignalStatus.CLOSED,
                "page_title": _("Antwoorden op uw signaal"),
                "sent": sent,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        organisation = get_object_or_404(Organisation, slug=kwargs["org"])
        return self.page(organisation, CodeForm())

    def post(self, request, *args, **kwargs):
        organisation = get_object_or_404(Organisation, slug=kwargs["org"])
        form = ReporterMessageForm(request.POST)
        if not form.is_valid():
            return self.page(organisation, CodeForm(request.POST), status=400)
        signal = services.signal_for_code(organisation, form.cleaned_data["code"])
        if signal is None:
            code_form = CodeForm(request.POST)
            code_form.is_valid()
            code_form.add_error(
                "code", _("Deze code is onbekend. Controleer de code en probeer het opnieuw.")
            )
            return self.page(organisation, code_form, status=400)
        body = form.cleaned_data.get("body", "")
        if body.strip():
            try:
                services.reporter_message(signal, body)
            except ValidationError as exc:
                add_service_errors(form, exc)
                return self.page(organisation, form, signal, status=400)
            form = ReporterMessageForm(initial={"code": form.cleaned_data["code"]})
            return self.page(organisation, form, signal, sent=True)
        return self.page(organisation, form, signal)
