"""Coordinator views of surveys (scoped): creating a survey, its status and field period,
and the questionnaires (shipped ones and the organisation's own copies).

The respondents' pages are in :mod:`.respond_views`; results, invitations, exports and
imports in :mod:`.results_views`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError, ConflictResponseMixin, posted_version
from weerbaar.organisations.views_mixins import OrganisationMixin, get_scoped_object_or_404
from weerbaar.scans.views import ScanMixin

from . import services
from .editing import remove_survey, rename_survey, survey_data
from .editor.forms import QuestionnaireImportForm
from .editor.store import questionnaire_for, surveys_using
from .forms import SurveyForm, SurveyKForm, SurveyPeriodForm
from .models import Questionnaire, Survey, SurveyMode, SurveyStatus
from .overview import questionnaire_overview


class SurveyCreateView(ScanMixin, FormView):
    """Create a survey for a scan from a shipped questionnaire or an own copy."""

    permission = "scan.manage"
    template_name = "surveys/survey_form.html"
    form_class = SurveyForm

    def get_form_kwargs(self):
        services.install_shipped_questionnaires()
        qs = services.available_questionnaires(self.organisation).filter(is_valid=True)
        return {**super().get_form_kwargs(), "questionnaires": qs}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            survey = services.create_survey(
                scan=self.get_scan(),
                questionnaire=data["questionnaire"],
                mode=data["mode"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                title=data["title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De enquête is aangemaakt."))
        return redirect("surveys:detail", org=self.organisation.slug, survey_id=survey.pk)


class SurveyMixin(OrganisationMixin):
    def get_survey(self) -> Survey:
        if not hasattr(self, "_survey"):
            services.close_expired_surveys(Survey.objects.filter(pk=self.kwargs["survey_id"]))
            self._survey = get_scoped_object_or_404(
                Survey.objects.select_related("scan", "questionnaire"),
                self.organisation,
                pk=self.kwargs["survey_id"],
            )
        return self._survey


class SurveyDetailView(SurveyMixin, TemplateView):
    """Status of a survey: field period, response figures, the open link, open/close."""

    permission = "scan.view_work"
    template_name = "surveys/survey_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        ctx["survey"] = survey
        ctx["scan"] = survey.scan
        ctx["counts"] = services.survey_counts(survey)
        ctx["can_manage"] = self.can("scan.manage")
        ctx["open_url"] = (
            settings.BASE_URL + reverse("respond:open_intro", kwargs={"code": survey.open_code})
            if survey.mode == SurveyMode.OPEN and survey.open_code
            else ""
        )
        ctx["page_count"] = len(survey.definition.get("pages", []))
        ctx["question_count"] = sum(len(p["questions"]) for p in survey.definition["pages"])
        ctx["overview"] = questionnaire_overview(survey.definition)
        ctx["is_draft"] = survey.status == SurveyStatus.DRAFT
        ctx["is_open"] = survey.status == SurveyStatus.OPEN
        ctx["held"] = survey_data(survey) if ctx["can_manage"] else []
        return ctx


class SurveyStatusView(SurveyMixin, View):
    """POST: open or close the field period."""

    permission = "scan.manage"

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        action = request.POST.get("action")
        try:
            if action == "open":
                services.open_survey(survey)
                messages.success(request, _("De enquête is geopend."))
            elif action == "close":
                services.close_survey(survey)
                messages.success(
                    request,
                    _(
                        "De enquête is gesloten. "
                        "De e-mailadressen van de genodigden zijn verwijderd."
                    ),
                )
            else:
                messages.error(request, _("Onbekende actie."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("surveys:detail", org=self.organisation.slug, survey_id=survey.pk)


class SurveyRemoveView(SurveyMixin, View):
    """POST: remove a survey that holds no responses or invitations; otherwise say why not."""

    permission = "scan.manage"

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        scan_id, title = survey.scan_id, survey.title
        try:
            remove_survey(survey, expected_version=posted_version(request.POST))
        except ConflictError:
            messages.error(
                request,
                _(
                    "Iemand anders heeft de enquête intussen gewijzigd. "
                    "Bekijk haar en probeer opnieuw."
                ),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De enquête %(title)s is verwijderd.") % {"title": title})
            return redirect("scans:detail", org=self.organisation.slug, scan_id=scan_id)
        return redirect("surveys:detail", org=self.organisation.slug, survey_id=survey.pk)


class SurveyPeriodView(ConflictResponseMixin, SurveyMixin, FormView):
    """Change the field period while the survey is not closed."""

    permission = "scan.manage"
    template_name = "surveys/survey_period.html"
    form_class = SurveyPeriodForm

    def get_initial(self):
        return self.initial_for(self.get_survey())

    def initial_for(self, survey):
        tz = timezone.get_current_timezone()
        return {
            "lock_version": survey.lock_version,
            "title": survey.title,
            "opens_at": timezone.localtime(survey.opens_at, tz) if survey.opens_at else None,
            "closes_at": timezone.localtime(survey.closes_at, tz) if survey.closes_at else None,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["survey"] = self.get_survey()
        ctx["scan"] = ctx["survey"].scan
        return ctx

    def form_valid(self, form):
        survey = self.get_survey()
        try:
            with transaction.atomic():
                services.change_period(
                    survey,
                    form.cleaned_data["opens_at"],
                    form.cleaned_data["closes_at"],
                    expected_version=form.expected_version,
                )
                if form.cleaned_data.get("title"):
                    rename_survey(survey, form.cleaned_data["title"])
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De enquête is aangepast."))
        return redirect("surveys:detail", org=self.organisation.slug, survey_id=survey.pk)


class SurveyKView(SurveyMixin, FormView):
    """Change the survey's minimum cell size k: fixed at opening, afterwards only upwards."""

    permission = "scan.manage"
    template_name = "surveys/survey_k.html"
    form_class = SurveyKForm

    def get_initial(self):
        return {"k": self.get_survey().effective_k}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["survey"] = self.get_survey()
        ctx["scan"] = ctx["survey"].scan
        return ctx

    def form_valid(self, form):
        survey = self.get_survey()
        try:
            services.set_survey_k(survey, form.cleaned_data["k"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De minimale celgrootte is aangepast."))
        return redirect("surveys:detail", org=self.organisation.slug, survey_id=survey.pk)


class QuestionnaireListView(OrganisationMixin, TemplateView):
    """Shipped questionnaires and the organisation's own copies."""

    permission = "scan.manage"
    template_name = "surveys/questionnaire_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        services.install_shipped_questionnaires()
        ctx["questionnaires"] = services.available_questionnaires(self.organisation)
        return ctx


class QuestionnaireCopyView(OrganisationMixin, View):
    """POST: make an editable copy of a questionnaire for this organisation."""

    permission = "scan.manage"

    def post(self, request, *args, **kwargs):
        original = questionnaire_for(self.organisation, self.kwargs["questionnaire_id"])
        copy = services.copy_questionnaire(original, self.organisation)
        messages.success(request, _("De kopie is gemaakt. U kunt haar nu bewerken."))
        return redirect(
            "surveys:questionnaire", org=self.organisation.slug, questionnaire_id=copy.pk
        )


class QuestionnaireEditView(ConflictResponseMixin, OrganisationMixin, FormView):
    """A questionnaire's overview; for an own copy the YAML import (paste or upload):
    validate, save; errors on the same page, text kept. The editor is in
    :mod:`.editor_views`."""

    permission = "scan.manage"
    template_name = "surveys/questionnaire_edit.html"
    form_class = QuestionnaireImportForm

    def get_questionnaire(self) -> Questionnaire:
        if not hasattr(self, "_questionnaire"):
            self._questionnaire = questionnaire_for(
                self.organisation, self.kwargs["questionnaire_id"]
            )
        return self._questionnaire

    def get_initial(self):
        return self.initial_for(self.get_questionnaire())

    def initial_for(self, questionnaire):
        return {"source": questionnaire.source, "lock_version": questionnaire.lock_version}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        q = self.get_questionnaire()
        ctx["questionnaire"] = q
        ctx["read_only"] = q.is_shipped
        ctx["overview"] = questionnaire_overview(q.definition) if q.definition else []
        ctx["uses"] = surveys_using(q, self.organisation)
        ctx.setdefault("problems", [])
        return ctx

    def post(self, request, *args, **kwargs):
        q = self.get_questionnaire()
        if q.is_shipped:
            messages.error(
                request, _("Een meegeleverde vragenlijst kunt u niet wijzigen; maak een kopie.")
            )
            return HttpResponseRedirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        q = self.get_questionnaire()
        text = form.cleaned_data["source"]
        if self.request.POST.get("action") == "validate":
            _definition, problems = services.check_source(text)
            if not problems:
                messages.success(self.request, _("De vragenlijst is geldig (nog niet opgeslagen)."))
            return self.render_to_response(
                self.get_context_data(form=form, problems=problems, validated=True)
            )
        try:
            problems = services.save_questionnaire_source(
                q, text, expected_version=form.expected_version
            )
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        if problems:
            form.rebase(q.lock_version)  # saved: a next save builds on this version
            return self.render_to_response(
                self.get_context_data(form=form, problems=problems, saved_invalid=True)
            )
        messages.success(self.request, _("De vragenlijst is opgeslagen en geldig."))
        return redirect("surveys:questionnaire", org=self.organisation.slug, questionnaire_id=q.pk)
