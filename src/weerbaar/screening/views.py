"""Screening compliance for the secretaris, and the candidate-bestuurder checklist.

The pages show functions, dates and counts, never persons; the checklist holds dates and
roles, never outcomes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin
from weerbaar.registers.models import FunctionEntry
from weerbaar.scans.selectors import latest_scan

from . import selectors, services
from .content import rules_for
from .forms import CandidateRoundForm, FunctionScreeningForm, StepForm
from .models import SCREENING_FIELDS, CandidateRound, FunctionScreening

STATUS_LABELS = {
    selectors.Status.NEVER: _lazy("nooit gedaan"),
    selectors.Status.OVERDUE: _lazy("achterstallig"),
    selectors.Status.DUE_SOON: _lazy("binnenkort vernieuwen"),
    selectors.Status.OK: _lazy("op orde"),
}


class OverviewView(OrganisationMixin, TemplateView):
    permission = "screening.view"
    template_name = "screening/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        scan = latest_scan(self.organisation)
        rules = rules_for(scan)
        ctx.update(
            page_title=_("Screening van kwetsbare functies"),
            scan=scan,
            rows=selectors.compliance(self.organisation),
            summary=selectors.overdue_summary(self.organisation),
            screenings=rules.screenings,
            domains=rules.domains,
            rules={r["id"]: r for r in rules.rules},
            can_manage=self.can("screening.manage"),
            status_labels=STATUS_LABELS,
        )
        return ctx


class FunctionScreeningView(ScopedObjectMixin[FunctionEntry], TemplateView):
    permission = "screening.view"
    template_name = "screening/function_form.html"
    scoped_model = FunctionEntry
    scoped_url_kwarg = "functionentry_id"

    def get_scoped_queryset(self):
        return FunctionEntry.objects.select_related("scan__library_version", "copied_from")

    def form(self, data: Any = None) -> FunctionScreeningForm:
        function = self.get_scoped_object()
        records = {
            r.function_id: r
            for r in FunctionScreening.objects.filter(
                function__scan__organisation=self.organisation
            )
        }
        record = selectors.record_for(function, records)
        initial: dict[str, Any] = {}
        if record is not None:
            initial = {"vog_p_domain": record.vog_p_domain}
            initial.update({s: record.last_done(s) for s in SCREENING_FIELDS})
        return FunctionScreeningForm(data, initial=initial, rules=rules_for(function.scan))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        function = self.get_scoped_object()
        ctx.setdefault("form", self.form())
        ctx.update(
            function=function,
            page_title=_("Screening: %(function)s") % {"function": function.name},
            can_manage=self.can("screening.manage"),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can("screening.manage"):
            raise PermissionDenied
        form = self.form(request.POST)
        if form.is_valid():
            dates = {s: form.cleaned_data[s] for s in SCREENING_FIELDS}
            try:
                services.save_function_screening(
                    self.get_scoped_object(), form.cleaned_data["vog_p_domain"], dates
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De screening van de functie is opgeslagen."))
                return redirect("screening:overview", org=self.organisation.slug)
        return self.render_to_response(self.get_context_data(form=form))


class CandidateListView(OrganisationMixin, TemplateView):
    permission = "candidates.view"
    template_name = "screening/candidate_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        rules = rules_for(None)
        ctx.setdefault("form", CandidateRoundForm())
        ctx.update(
            page_title=_("Kandidaat-wethouders: risicoanalyse en integriteitsscreening"),
            checklist=rules.checklist,
            rounds=CandidateRound.objects.filter(organisation=self.organisation).prefetch_related(
                "steps"
            ),
            step_count=len(rules.checklist["steps"]),
            can_manage=self.can("candidates.manage"),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can("candidates.manage"):
            raise PermissionDenied
        form = CandidateRoundForm(request.POST)
        if form.is_valid():
            try:
                created = services.create_round(
                    self.organisation, form.cleaned_data["title"], form.cleaned_data["candidates"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(
                    "screening:candidate_round",
                    org=self.organisation.slug,
                    candidateround_id=created.pk,
                )
        return self.render_to_response(self.get_context_data(form=form))


class CandidateRoundView(ScopedObjectMixin[CandidateRound], TemplateView):
    permission = "candidates.view"
    template_name = "screening/candidate_round.html"
    scoped_model = CandidateRound
    scoped_url_kwarg = "candidateround_id"

    def step_forms(self, data: Any = None) -> list[tuple[dict, StepForm]]:
        round_ = self.get_scoped_object()
        rules = rules_for(None)
        stored = {s.step_id: s for s in round_.steps.all()}
        pairs = []
        for step in rules.checklist["steps"]:
            saved = stored.get(step["id"])
            initial = (
                {
                    "done_on": saved.done_on,
                    "done_by": saved.done_by,
                    "not_applicable": saved.not_applicable,
                }
                if saved
                else {}
            )
            pairs.append((step, StepForm(data, prefix=step["id"], initial=initial, rules=rules)))
        return pairs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        round_ = self.get_scoped_object()
        rules = rules_for(None)
        ctx.setdefault("steps", self.step_forms())
        ctx.update(
            round=round_,
            checklist=rules.checklist,
            performers=rules.performers,
            page_title=round_.title,
            can_manage=self.can("candidates.manage"),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can("candidates.manage"):
            raise PermissionDenied
        pairs = self.step_forms(request.POST)
        if all(form.is_valid() for _step, form in pairs):
            values = {
                step["id"]: services.StepInput(
                    form.cleaned_data["done_on"],
                    form.cleaned_data["done_by"],
                    form.cleaned_data["not_applicable"],
                )
                for step, form in pairs
            }
            try:
                services.save_steps(self.get_scoped_object(), values)
            except ValidationError as exc:
                forms_by_step = {step["id"]: form for step, form in pairs}
                for key, errors in getattr(exc, "error_dict", {}).items():
                    step_id, _sep, field = key.rpartition("-")
                    form = forms_by_step.get(step_id)
                    if form is not None:
                        form.add_error(field, errors)
                if not hasattr(exc, "error_dict"):
                    add_service_errors(pairs[0][1], exc)
            else:
                messages.success(request, _("De checklist is opgeslagen."))
                return redirect(
                    "screening:candidate_round",
                    org=self.organisation.slug,
                    candidateround_id=self.get_scoped_object().pk,
                )
        return self.render_to_response(self.get_context_data(steps=pairs))
