"""Survey views: anonymous answering (public) and the coordinator's pages (scoped)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from weerbaar.core.text import translate
from weerbaar.organisations.views_mixins import OrganisationMixin, get_scoped_object_or_404
from weerbaar.scans.views import ScanMixin

from . import answering, routing, services
from .forms import QuestionnaireSourceForm, SurveyForm, SurveyPeriodForm
from .models import Questionnaire, Survey, SurveyMode, SurveyStatus
from .overview import questionnaire_overview
from .services import LinkProblem, Respondent

OPEN_COOKIE_MAX_AGE = 60 * 60 * 24 * 60
NONCE_SALT = "weerbaar.surveys.open-nonce"
COOKIE_SALT = "weerbaar.surveys.open-link"

PROBLEM_STATUS = {"unknown": 404, "closed": 410, "not_open": 200}


# ============================================================================ respondents


def problem_page(request, problem: LinkProblem):
    """A page that explains why a link does not work and reveals nothing else."""
    if problem.reason == "submitted":
        return thanks_page(request, problem.survey, already=True)
    return render(
        request,
        "surveys/respond/problem.html",
        {
            "reason": problem.reason,
            "survey": problem.survey if problem.reason != "unknown" else None,
        },
        status=PROBLEM_STATUS.get(problem.reason, 404),
    )


def thanks_page(request, survey: Survey | None, already: bool = False):
    closing = translate(survey.definition.get("closing")) if survey else ""
    return render(
        request,
        "surveys/respond/thanks.html",
        {"survey": survey, "closing": closing, "already": already},
    )


class RespondentViewMixin:
    """Shared by personal-link and open-link views: resolve who is answering."""

    weerbaar_public = True
    link_kind = ""  # "personal" | "open"

    def link_kwargs(self) -> dict:
        raise NotImplementedError

    def url(self, name: str) -> str:
        return reverse(f"respond:{self.link_kind}_{name}", kwargs=self.link_kwargs())

    def resolve(self, request) -> Respondent:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        try:
            self.respondent = self.resolve(request)
        except LinkProblem as problem:
            return problem_page(request, problem)
        return super().dispatch(request, *args, **kwargs)

    def intro_context(self) -> dict:
        survey = self.respondent.survey
        return {
            "survey": survey,
            "title": translate(survey.definition.get("title")),
            "intro": translate(survey.definition.get("intro")),
            "resume": services.find_response(self.respondent) is not None
            if self.respondent.token
            else False,
            "page_url": self.url("page"),
            "start_url": self.url("intro"),
        }

    def after_submit(self, http_response) -> None:
        """Hook: the open link marks the browser as done."""


class IntroBase(RespondentViewMixin, View):
    def get(self, request, *args, **kwargs):
        return render(request, "surveys/respond/intro.html", self.intro_context())

    def post(self, request, *args, **kwargs):
        services.start_response(self.respondent)
        return redirect(self.url("page"))


class PageBase(RespondentViewMixin, View):
    """One page of questions: GET shows it, POST saves it and moves on."""

    def get(self, request, *args, **kwargs):
        response = services.find_response(self.respondent) if self.respondent.token else None
        if response is None:
            return redirect(self.url("intro"))
        definition = self.respondent.survey.definition
        sequence = routing.page_sequence(definition, response.answers)
        page = _int(request.GET.get("p"))
        if page not in sequence:
            page = response.last_page if response.last_page in sequence else sequence[0]
        errors = {}
        if request.GET.get("check"):
            for q in routing.visible_on_page(definition, page, response.answers):
                if q.get("required") and q["id"] not in response.answers:
                    errors[q["id"]] = [_("Beantwoord deze vraag.")]
        return self.render_page(response, page, response.answers, errors)

    def post(self, request, *args, **kwargs):
        response = services.find_response(self.respondent) if self.respondent.token else None
        if response is None:
            return redirect(self.url("intro"))
        definition = self.respondent.survey.definition
        sequence = routing.page_sequence(definition, response.answers)
        page = _int(request.POST.get("page"))
        if page not in sequence:
            return redirect(self.url("page"))
        action = request.POST.get("action", "next")
        questions = routing.visible_on_page(definition, page, response.answers)
        departments = self.departments_for(questions)
        page_input = answering.read_page(
            questions, request.POST, departments, check_required=action != "previous"
        )
        if action == "previous":
            keep = {
                q["id"]: response.answers[q["id"]]
                for q in questions
                if q["id"] in page_input.errors and q["id"] in response.answers
            }
            page_answers = {**page_input.answers, **keep}
            merged = routing.merge_page(definition, response.answers, page, page_answers)
            target = routing.previous_page(definition, merged, page)
            target = target if target is not None else page
            services.save_answers(response, page_answers, page, target)
            return redirect(self._page_url(target))
        if not page_input.is_valid:
            values = {**response.answers, **page_input.raw}
            return self.render_page(response, page, values, page_input.errors, status=200)
        merged = routing.merge_page(definition, response.answers, page, page_input.answers)
        following = routing.next_page(definition, merged, page)
        services.save_answers(
            response, page_input.answers, page, following if following is not None else page
        )
        if action == "submit" and following is None:
            missing = self._first_incomplete_page(response)
            if missing is not None:
                return redirect(self._page_url(missing) + "&check=1")
            services.submit_response(response, self.respondent.invitation)
            http_response = redirect(self.url("thanks"))
            self.after_submit(http_response)
            return http_response
        return redirect(self._page_url(following if following is not None else page))

    def departments_for(self, questions: list[dict]) -> list:
        """The organisation's departments, only when a question on the page lists them."""
        if any(q.get("options_from") == "departments" for q in questions):
            return self.respondent.departments
        return []

    def _first_incomplete_page(self, response) -> int | None:
        definition = self.respondent.survey.definition
        visible = set(routing.visible_questions(definition, response.answers))
        for index, page in enumerate(definition["pages"]):
            for q in page["questions"]:
                if q["id"] in visible and q.get("required") and q["id"] not in response.answers:
                    return index
        return None

    def _page_url(self, page: int) -> str:
        return f"{self.url('page')}?p={page}"

    def render_page(self, response, page: int, values: dict, errors: dict, status: int = 200):
        survey = self.respondent.survey
        definition = survey.definition
        questions = routing.visible_on_page(definition, page, response.answers)
        position, total = routing.page_position(definition, response.answers, page)
        page_def = definition["pages"][page]
        is_last = routing.next_page(definition, response.answers, page) is None
        context = {
            "survey": survey,
            "title": translate(definition.get("title")),
            "page_index": page,
            "page_title": translate(page_def.get("title")),
            "page_intro": translate(page_def.get("intro")) if page_def.get("intro") else "",
            "position": position,
            "total": total,
            "is_first": routing.previous_page(definition, response.answers, page) is None,
            "is_last": is_last,
            "questions": answering.present_questions(
                questions, values, errors, self.departments_for(questions)
            ),
            "has_errors": bool(errors),
            "action_url": self.url("page"),
        }
        return render(
            request=self.request,
            template_name="surveys/respond/page.html",
            context=context,
            status=status,
        )


class ThanksBase(RespondentViewMixin, View):
    def dispatch(self, request, *args, **kwargs):
        try:
            self.respondent = self.resolve(request)
        except LinkProblem as problem:
            if problem.reason in ("submitted", "closed"):
                return thanks_page(request, problem.survey)
            return problem_page(request, problem)
        if self.respondent.token and services.find_response(self.respondent) is not None:
            return redirect(self.url("page"))
        if self.respondent.invitation is not None:  # a personal link not yet submitted
            return redirect(self.url("intro"))
        return thanks_page(request, self.respondent.survey)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------- personal link


class PersonalLinkMixin:
    link_kind = "personal"

    def link_kwargs(self) -> dict:
        return {"token": self.kwargs["token"]}

    def resolve(self, request) -> Respondent:
        return services.resolve_personal_link(self.kwargs["token"])


class PersonalIntroView(PersonalLinkMixin, IntroBase):
    pass


class PersonalPageView(PersonalLinkMixin, PageBase):
    pass


class PersonalThanksView(PersonalLinkMixin, ThanksBase):
    pass


# ---------------------------------------------------------------------------- open link


class OpenLinkMixin:
    """One link for everybody. A signed cookie holds this browser's own token; after
    submitting, a signed "done" cookie refuses a second response from the same browser.
    Starting needs a one-time nonce from the start page (a replayed start form is refused)."""

    link_kind = "open"

    def link_kwargs(self) -> dict:
        return {"code": self.kwargs["code"]}

    def cookie_path(self) -> str:
        return reverse("respond:open_intro", kwargs=self.link_kwargs())

    def token_cookie(self, survey) -> str:
        return f"wb_open_{survey.pk}"

    def done_cookie(self, survey) -> str:
        return f"wb_done_{survey.pk}"

    def resolve(self, request) -> Respondent:
        survey = services.resolve_open_survey(self.kwargs["code"])
        if request.get_signed_cookie(self.done_cookie(survey), default=None, salt=COOKIE_SALT):
            raise LinkProblem("submitted", survey)
        token = request.get_signed_cookie(
            self.token_cookie(survey), default="", salt=COOKIE_SALT, max_age=OPEN_COOKIE_MAX_AGE
        )
        return Respondent(survey, token or "")

    def after_submit(self, http_response) -> None:
        survey = self.respondent.survey
        http_response.set_signed_cookie(
            self.done_cookie(survey),
            "1",
            salt=COOKIE_SALT,
            max_age=365 * 24 * 3600,
            path=self.cookie_path(),
            httponly=True,
            samesite="Lax",
            secure=self.request.is_secure(),
        )
        http_response.delete_cookie(self.token_cookie(survey), path=self.cookie_path())


class OpenIntroView(OpenLinkMixin, IntroBase):
    def intro_context(self) -> dict:
        ctx = super().intro_context()
        ctx["nonce"] = signing.dumps(
            {"s": self.respondent.survey.pk, "n": secrets.token_urlsafe(16)}, salt=NONCE_SALT
        )
        return ctx

    def post(self, request, *args, **kwargs):
        survey = self.respondent.survey
        if self.respondent.token and services.find_response(self.respondent) is not None:
            return redirect(self.url("page"))
        try:
            payload = signing.loads(
                request.POST.get("nonce", ""), salt=NONCE_SALT, max_age=24 * 3600
            )
        except signing.BadSignature:
            payload = None
        if (
            not isinstance(payload, dict)
            or payload.get("s") != survey.pk
            or not services.claim_open_nonce(survey, str(payload.get("n")))
        ):
            ctx = self.intro_context()
            ctx["start_error"] = _(
                "Deze startknop was verlopen of al gebruikt. Start de vragenlijst opnieuw."
            )
            return render(request, "surveys/respond/intro.html", ctx, status=200)
        token = services.new_token()
        self.respondent = Respondent(survey, token)
        services.start_response(self.respondent)
        http_response = redirect(self.url("page"))
        http_response.set_signed_cookie(
            self.token_cookie(survey),
            token,
            salt=COOKIE_SALT,
            max_age=OPEN_COOKIE_MAX_AGE,
            path=self.cookie_path(),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return http_response


class OpenPageView(OpenLinkMixin, PageBase):
    pass


class OpenThanksView(OpenLinkMixin, ThanksBase):
    pass


# ============================================================================ coordinator


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
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
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
            self.request.build_absolute_uri(
                reverse("respond:open_intro", kwargs={"code": survey.open_code})
            )
            if survey.mode == SurveyMode.OPEN and survey.open_code
            else ""
        )
        ctx["page_count"] = len(survey.definition.get("pages", []))
        ctx["question_count"] = sum(len(p["questions"]) for p in survey.definition["pages"])
        ctx["overview"] = questionnaire_overview(survey.definition)
        ctx["is_draft"] = survey.status == SurveyStatus.DRAFT
        ctx["is_open"] = survey.status == SurveyStatus.OPEN
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


class SurveyPeriodView(SurveyMixin, FormView):
    """Change the field period while the survey is not closed."""

    permission = "scan.manage"
    template_name = "surveys/survey_period.html"
    form_class = SurveyPeriodForm

    def get_initial(self):
        survey = self.get_survey()
        tz = timezone.get_current_timezone()
        return {
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
            services.change_period(
                survey, form.cleaned_data["opens_at"], form.cleaned_data["closes_at"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("De veldwerkperiode is aangepast."))
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


def _questionnaire_for(organisation, pk) -> Questionnaire:
    obj = Questionnaire.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation), pk=pk
    ).first()
    if obj is None:
        raise Http404
    return obj


class QuestionnaireCopyView(OrganisationMixin, View):
    """POST: make an editable copy of a questionnaire for this organisation."""

    permission = "scan.manage"

    def post(self, request, *args, **kwargs):
        original = _questionnaire_for(self.organisation, self.kwargs["questionnaire_id"])
        copy = services.copy_questionnaire(original, self.organisation)
        messages.success(request, _("De kopie is gemaakt. U kunt haar nu bewerken."))
        return redirect(
            "surveys:questionnaire", org=self.organisation.slug, questionnaire_id=copy.pk
        )


class QuestionnaireEditView(OrganisationMixin, FormView):
    """Edit an own copy's YAML: validate, save; errors on the same page, text kept."""

    permission = "scan.manage"
    template_name = "surveys/questionnaire_edit.html"
    form_class = QuestionnaireSourceForm

    def get_questionnaire(self) -> Questionnaire:
        if not hasattr(self, "_questionnaire"):
            self._questionnaire = _questionnaire_for(
                self.organisation, self.kwargs["questionnaire_id"]
            )
        return self._questionnaire

    def get_initial(self):
        return {"source": self.get_questionnaire().source}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        q = self.get_questionnaire()
        ctx["questionnaire"] = q
        ctx["read_only"] = q.is_shipped
        ctx["overview"] = questionnaire_overview(q.definition) if q.definition else []
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
        problems = services.save_questionnaire_source(q, text)
        if problems:
            return self.render_to_response(
                self.get_context_data(form=form, problems=problems, saved_invalid=True)
            )
        messages.success(self.request, _("De vragenlijst is opgeslagen en geldig."))
        return redirect("surveys:questionnaire", org=self.organisation.slug, questionnaire_id=q.pk)
