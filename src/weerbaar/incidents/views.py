"""Pages of the incident register (need-to-know, every read audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.core.uploads import attachment_response
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin

from . import access, selectors, services
from .forms import (
    AttachmentForm,
    ContactForm,
    HandlerForm,
    IncidentReportForm,
    SettingsForm,
    StepForm,
)
from .models import Category, Incident, IncidentAttachment, StepKind


class NotVisible(Exception):
    """The case is not visible to this user (or does not exist): one answer for both."""


class CaseGateMixin(OrganisationMixin):
    """Turns a case the user may not see into a redirect to the list, with one message for a
    case that does not exist and one that is not theirs (the answer reveals nothing)."""

    list_url_name = "incidents:list"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotVisible:
            messages.error(request, _("Deze melding bestaat niet of is niet voor u zichtbaar."))
            return redirect(self.list_url_name, org=kwargs["org"])


class IncidentMixin(CaseGateMixin, ScopedObjectMixin[Incident]):
    scoped_model = Incident
    scoped_url_kwarg = "incident_id"

    def get_scoped_queryset(self):
        return access.visible_incidents(self.request.user, self.organisation).select_related(
            "handler", "victim", "reporter"
        )

    def get_incident(self) -> Incident:
        try:
            return self.get_scoped_object()
        except Http404:
            raise NotVisible from None

    def require_handler(self, incident: Incident) -> None:
        if not access.can_handle_incident(self.request.user, incident):
            raise PermissionDenied


class IncidentListView(OrganisationMixin, TemplateView):
    template_name = "incidents/incident_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = timezone.now()
        incidents = access.visible_incidents(self.request.user, self.organisation)
        ctx["rows"] = [{"incident": i, "clock": selectors.clock(i, now)} for i in incidents]
        ctx["can_configure"] = self.can("incidents.configure")
        ctx["can_see_statistics"] = self.can("incidents.statistics")
        ctx["page_title"] = _("Incidenten")
        return ctx


class IncidentCreateView(OrganisationMixin, FormView):
    template_name = "incidents/incident_form.html"
    form_class = IncidentReportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page_title": _("Incident melden")}

    def form_valid(self, form):
        data = services.IncidentInput(**form.cleaned_data)
        try:
            incident = services.report_incident(self.organisation, data, self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het incident is geregistreerd. De behandelaar neemt binnen 48 uur contact op."),
        )
        return redirect("incidents:detail", org=self.organisation.slug, incident_id=incident.pk)


class IncidentDetailView(IncidentMixin, TemplateView):
    template_name = "incidents/incident_detail.html"
    http_method_names = ["get"]

    def context(self, **forms_: forms.Form) -> dict[str, Any]:
        incident = self.get_incident()
        user = self.request.user
        can_handle = access.can_handle_incident(user, incident)
        initial_steps = []
        for kind, label, step in selectors.steps_by_kind(incident):
            bound = forms_.get(f"step_{kind}")
            form = bound or StepForm(
                prefix=kind,
                initial={
                    "kind": kind,
                    "done_on": step.done_on if step else None,
                    "follow_up_on": step.follow_up_on if step else None,
                    "not_applicable": step.not_applicable if step else False,
                    "note": step.note if step else "",
                },
            )
            initial_steps.append({"kind": kind, "label": label, "step": step, "form": form})
        return {
            **super().get_context_data(),
            "page_title": _("Incident %(number)s") % {"number": incident.pk},
            "incident": incident,
            "clock": selectors.clock(incident),
            "can_handle": can_handle,
            "can_appoint": access.can_appoint(user, incident),
            "can_attach": can_handle or incident.reporter_id == user.pk,
            "handler_form": forms_.get("handler")
            or HandlerForm(organisation=self.organisation, initial={"handler": incident.handler}),
            "contact_form": forms_.get("contact")
            or ContactForm(initial={"contact_at": timezone.localtime().replace(second=0)}),
            "attachment_form": forms_.get("attachment") or AttachmentForm(),
            "steps": initial_steps,
            "attachments": incident.attachments.all(),
            "events": incident.events.select_related("actor"),
        }

    def render_page(self, status: int = 200, **forms_: forms.Form) -> HttpResponse:
        return render(self.request, self.template_name, self.context(**forms_), status=status)

    def get(self, request, *args, **kwargs):
        incident = self.get_incident()
        record_read(request, incident, "incident")
        return self.render_page()


class IncidentActionView(IncidentDetailView):
    """A form on the incident page: on bad input the page is shown again with the message."""

    http_method_names = ["post"]

    def done(self) -> HttpResponse:
        incident = self.get_incident()
        return redirect("incidents:detail", org=self.organisation.slug, incident_id=incident.pk)

    def invalid(self, key: str, form: forms.Form) -> HttpResponse:
        return self.render_page(status=400, **{key: form})


class AppointHandlerView(IncidentActionView):
    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        if not access.can_appoint(request.user, incident):
            raise PermissionDenied
        form = HandlerForm(request.POST, organisation=self.organisation)
        if not form.is_valid():
            return self.invalid("handler", form)
        services.appoint_handler(incident, form.cleaned_data["handler"], request.user)
        messages.success(request, _("De behandelaar is aangewezen."))
        return self.done()


class RecordContactView(IncidentActionView):
    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        self.require_handler(incident)
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.record_contact(
                    incident,
                    request.user,
                    form.cleaned_data["note"],
                    form.cleaned_data["contact_at"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
        if form.errors:
            return self.invalid("contact", form)
        messages.success(request, _("Het contact met het slachtoffer is vastgelegd."))
        return self.done()


class SaveStepView(IncidentActionView):
    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        self.require_handler(incident)
        kind = request.POST.get("step", "")
        if kind not in StepKind.values:
            raise Http404
        form = StepForm(request.POST, prefix=kind)
        if form.is_valid():
            try:
                services.save_step(incident, services.StepInput(**form.cleaned_data), request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
        if form.errors:
            return self.invalid(f"step_{kind}", form)
        messages.success(request, _("De stap is opgeslagen."))
        return self.done()


class AddAttachmentView(IncidentActionView):
    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.add_attachment(
                    incident, upload, original_name=upload.name, actor=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
        if form.errors:
            return self.invalid("attachment", form)
        messages.success(request, _("De bijlage is toegevoegd."))
        return self.done()


class CloseIncidentView(IncidentActionView):
    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        self.require_handler(incident)
        services.close_incident(incident, request.user)
        messages.success(request, _("Het incident is afgesloten."))
        return self.done()


class AttachmentDownloadView(CaseGateMixin, ScopedObjectMixin[IncidentAttachment], View):
    scoped_model = IncidentAttachment
    scoped_url_kwarg = "incidentattachment_id"

    def get_scoped_queryset(self):
        visible = access.visible_incidents(self.request.user, self.organisation)
        return IncidentAttachment.objects.filter(
            incident__in=visible, incident_id=self.kwargs["incident_id"]
        )

    def get(self, request, *args, **kwargs):
        try:
            attachment = self.get_scoped_object()
        except Http404:
            raise NotVisible from None
        try:
            fh = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        record_read(request, attachment, "incident_attachment")
        return attachment_response(
            fh,
            filename=f"bijlage-{attachment.pk}.{attachment.file_type}",
            file_type=attachment.file_type,
        )


class AangifteSummaryView(IncidentMixin, TemplateView):
    """A summary to take to the police for the aangifte (printable)."""

    template_name = "incidents/aangifte.html"
    read_what = "incident_aangifte_summary"

    def get(self, request, *args, **kwargs):
        incident = self.get_incident()
        record_read(request, incident, self.read_what)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        incident = self.get_incident()
        return {
            **super().get_context_data(**kwargs),
            "incident": incident,
            "page_title": _("Samenvatting voor de aangifte"),
        }


class OffenderLetterView(AangifteSummaryView):
    """A letter to the offender from a template (the handler adapts and signs it)."""

    template_name = "incidents/letter.html"
    read_what = "incident_offender_letter"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Brief aan de dader")
        ctx["today"] = timezone.localdate()
        return ctx


class IncidentSettingsView(OrganisationMixin, FormView):
    permission = "incidents.configure"
    template_name = "incidents/settings.html"
    form_class = SettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_initial(self):
        conf = access.settings_for(self.organisation)
        initial: dict[str, Any] = {
            "coordinators": conf.coordinators,
            "all_roles": conf.all_roles,
            "serious_roles": conf.serious_roles,
            "restricted_viewers": conf.restricted_viewers,
            "signal_handlers": conf.signal_handlers,
            "retention_action": conf.retention_action,
            "signal_retention_months": conf.signal_retention_months,
        }
        for category in Category:
            initial[f"retention_{category.value}"] = conf.months_for(category.value)
        return initial

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Wie ziet incidenten en signalen"),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.save(data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De instellingen zijn opgeslagen."))
        return redirect(reverse("incidents:settings", kwargs={"org": self.organisation.slug}))

    def save(self, data: dict[str, Any]) -> None:
        services.save_settings(
            self.organisation,
            services.SettingsInput(
                coordinators=list(data["coordinators"]),
                all_roles=data["all_roles"],
                serious_roles=data["serious_roles"],
                restricted_viewers=list(data["restricted_viewers"]),
                signal_handlers=list(data["signal_handlers"]),
                retention_months={c.value: data[f"retention_{c.value}"] for c in Category},
                retention_action=data["retention_action"],
                signal_retention_months=data["signal_retention_months"],
            ),
            self.request.user,
        )
