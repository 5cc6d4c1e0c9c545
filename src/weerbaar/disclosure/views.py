"""Pages for what leaves a survey beyond the suppressed results (thin: see services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.models import Role
from weerbaar.organisations.views_mixins import OrganisationMixin, get_scoped_object_or_404
from weerbaar.surveys.models import Survey

from . import services
from .forms import GrantForm, RedactionForm, ReleaseForm
from .models import ResearchGrant


class SurveyMixin(OrganisationMixin):
    """The survey of the URL, within the organisation; an external researcher finds only
    the surveys granted to them (any other survey is not found)."""

    def is_researcher_only(self) -> bool:
        return self.roles == {Role.ONDERZOEKER}

    def get_survey(self) -> Survey:
        if not hasattr(self, "_survey"):
            queryset = Survey.objects.select_related("scan__organisation", "questionnaire")
            if self.is_researcher_only():
                queryset = services.granted_surveys(self.request.user, self.organisation)
            self._survey = get_scoped_object_or_404(
                queryset, self.organisation, pk=self.kwargs["survey_id"]
            )
        return self._survey

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        ctx["survey"] = survey
        ctx["k"] = self.organisation.k
        ctx["is_closed"] = services.is_closed(survey)
        ctx["show_nav"] = not self.is_researcher_only()
        ctx["can_invite"] = self.can("survey.fieldwork")
        return ctx


class GrantedSurveysView(OrganisationMixin, TemplateView):
    """The external researcher's start page: the surveys whose research file they may have."""

    permission = "research.page"
    template_name = "disclosure/granted.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["surveys"] = services.granted_surveys(self.request.user, self.organisation).order_by(
            "pk"
        )
        return ctx


class ResearchView(SurveyMixin, TemplateView):
    """The research file: who has access (the secretaris grants) and, for them, the download."""

    permission = "research.page"
    template_name = "disclosure/research.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        ctx["can_grant"] = self.can("research.grant")
        ctx["can_download"] = self.can("research.download")
        ctx["refusals"] = services.research_refusals(survey)
        ctx["grants"] = services.grants(survey)
        ctx["formats"] = list(services.RESEARCH_FORMATS)
        if ctx["can_grant"]:
            ctx.setdefault("form", self.grant_form())
        return ctx

    def grant_form(self, data=None) -> GrantForm:
        choices = [(m.user_id, m.user.email) for m in services.researchers(self.organisation)]
        return GrantForm(data, researcher_choices=choices)

    def post(self, request, *args, **kwargs):
        if not self.can("research.grant"):
            raise PermissionDenied
        survey = self.get_survey()
        if "withdraw" in request.POST:
            grant = get_scoped_object_or_404(
                ResearchGrant.objects.filter(survey=survey),
                self.organisation,
                pk=request.POST.get("withdraw") or 0,
            )
            services.withdraw_research(grant)
            messages.success(request, _("De toegang is ingetrokken."))
            return redirect(request.path)
        form = self.grant_form(request.POST)
        if form.is_valid():
            try:
                services.grant_research(
                    survey,
                    researcher=next(
                        m.user
                        for m in services.researchers(self.organisation)
                        if m.user_id == form.cleaned_data["researcher"]
                    ),
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De onderzoeker heeft toegang gekregen."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class ResearchDownloadView(SurveyMixin, View):
    """The row-level research file (POST only); every download is recorded."""

    permission = "research.page"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        if not self.can("research.download"):
            raise PermissionDenied
        fmt = request.POST.get("format", "csv")
        try:
            content, content_type = services.research_file(survey, request.user, fmt)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("disclosure:research", org=self.organisation.slug, survey_id=survey.pk)
        record_read(request, survey, "research_file", {"format": fmt})
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="onderzoeksbestand-{survey.pk}.{fmt}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class FreeTextsView(SurveyMixin, TemplateView):
    """Free texts after closing, detached and shuffled; the coördinator redacts."""

    permission = "survey.results"
    template_name = "disclosure/texts.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_read"] = self.can("survey.texts")
        if ctx["can_read"]:
            failed: RedactionForm | None = kwargs.get("failed")
            failed_key = failed and (failed.data.get("item"), failed.data.get("key"))
            items = services.free_texts(self.get_survey())
            for item in items:
                item.forms = [  # type: ignore[attr-defined]
                    (
                        entry,
                        failed
                        if failed_key == (item.item, entry.key)
                        else RedactionForm(
                            initial={"item": item.item, "key": entry.key, "redacted": entry.text},
                            auto_id=f"id_%s_{entry.key[:16]}",
                        ),
                    )
                    for entry in item.texts
                ]
            ctx["items"] = items
            record_read(self.request, self.get_survey(), "survey_free_texts")
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can("survey.texts"):
            raise PermissionDenied
        key = str(request.POST.get("key", ""))[:64]
        form = RedactionForm(request.POST, auto_id=f"id_%s_{key[:16]}")
        if form.is_valid():
            try:
                services.redact_text(
                    self.get_survey(),
                    item=form.cleaned_data["item"],
                    key=form.cleaned_data["key"],
                    redacted=form.cleaned_data["redacted"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De tekst is aangepast."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(failed=form))


class ReleaseView(SurveyMixin, TemplateView):
    """Deliberate releases of whole-survey counts below k: an audited decision with a reason."""

    permission = "survey.results"
    template_name = "disclosure/release.html"

    def release_form(self, data=None) -> ReleaseForm:
        choices = [(f"{r.item}|{r.value}", r.label) for r in services.releasable(self.get_survey())]
        return ReleaseForm(data, count_choices=choices)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_release"] = self.can("survey.release")
        ctx["releases"] = services.releases(self.get_survey())
        if ctx["can_release"] and ctx["is_closed"]:
            ctx.setdefault("form", self.release_form())
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can("survey.release"):
            raise PermissionDenied
        form = self.release_form(request.POST)
        if form.is_valid():
            item, _sep, value = form.cleaned_data["count"].partition("|")
            try:
                services.release_count(
                    self.get_survey(),
                    item=item,
                    value=value,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het aantal is vrijgegeven en vastgelegd."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))
