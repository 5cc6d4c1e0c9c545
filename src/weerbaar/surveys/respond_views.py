"""Respondent views: answering a survey anonymously through a personal or an open link.

No login and no organisation scope: the link resolves the survey (``respondents``); the pages
reveal nothing beyond the questionnaire itself.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from weerbaar.core.text import translate
from weerbaar.organisations.models import Department

from . import answering, pagecount, pageload, respondents, routing
from .models import Survey
from .respondents import LinkProblem, Respondent
from .tokens import new_token
from .types import Question

OPEN_COOKIE_MAX_AGE = 60 * 60 * 24 * 60
NONCE_SALT = "weerbaar.surveys.open-nonce"
COOKIE_SALT = "weerbaar.surveys.open-link"

PROBLEM_STATUS = {"unknown": 404, "closed": 410, "not_open": 200}


# ============================================================================ respondents


def problem_page(request, problem: LinkProblem, *, late: bool = False):
    """A page that explains why a link does not work and reveals nothing else."""
    if problem.reason == "submitted":
        return thanks_page(request, problem.survey, already=True)
    return render(
        request,
        "surveys/respond/problem.html",
        {
            "reason": problem.reason,
            "survey": problem.survey if problem.reason != "unknown" else None,
            "late": late,
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


class RespondentViewMixin(View):
    """Shared by personal-link and open-link views: resolve who is answering."""

    weerbaar_public = True
    link_kind = ""  # "personal" | "open"
    needs_organisation = False  # the page shows the organisation (read with the link)
    respondent: Respondent

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
        organisation = survey.scan.organisation
        return {
            "survey": survey,
            "organisation": organisation.name,
            "contact_name": organisation.survey_contact_name,
            "contact_email": organisation.survey_contact_email,
            "privacy_url": organisation.privacy_url,
            "closes_at": survey.closes_at,
            "title": translate(survey.definition.get("title")),
            "intro": paragraphs(translate(survey.definition.get("intro"))),
            "resume": respondents.find_response(self.respondent) is not None
            if self.respondent.token
            else False,
            "page_url": self.url("page"),
            "start_url": self.url("intro"),
        }

    def after_submit(self, http_response) -> None:
        """Hook: the open link marks the browser as done."""


class IntroBase(RespondentViewMixin):
    needs_organisation = True

    def get(self, request, *args, **kwargs):
        return render(request, "surveys/respond/intro.html", self.intro_context())

    def post(self, request, *args, **kwargs):
        respondents.start_response(self.respondent)
        return HttpResponseRedirect(self.url("page"))


class PageBase(RespondentViewMixin):
    """One page of questions: GET shows it, POST saves it and moves on."""

    def get(self, request, *args, **kwargs):
        response = respondents.find_response(self.respondent) if self.respondent.token else None
        if response is None:
            return HttpResponseRedirect(self.url("intro"))
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
        response = respondents.find_response(self.respondent) if self.respondent.token else None
        if response is None:
            return HttpResponseRedirect(self.url("intro"))
        definition = self.respondent.survey.definition
        # The conditions are evaluated once for the stored answers and once (in merging) for
        # the answers after this page: the hot path of answering.
        visible = set(routing.visible_questions(definition, response.answers))
        page = _int(request.POST.get("page"))
        if page not in routing.pages_with(definition, visible):
            return HttpResponseRedirect(self.url("page"))
        action = request.POST.get("action", "next")
        questions = routing.questions_on_page(definition, page, visible)
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
            respondents.save_answers(
                response, page_answers, page, target, merged=merged, departments=departments
            )
            return HttpResponseRedirect(self._page_url(target))
        if not page_input.is_valid:
            values = {**response.answers, **page_input.raw}
            return self.render_page(response, page, values, page_input.errors, status=200)
        merged, merged_visible = routing.merge_page_visible(
            definition, response.answers, page, page_input.answers
        )
        following = routing.page_after(routing.pages_with(definition, merged_visible), page)
        final = action == "submit" and following is None
        missing = self._first_incomplete_page(merged, merged_visible) if final else None
        if final and missing is None:
            try:  # the last page's answers and the submit in one statement
                respondents.submit_response(
                    response, page_input.answers, page, merged=merged, departments=departments
                )
            except LinkProblem as problem:  # the field period ended while answering
                return problem_page(request, problem, late=True)
            http_response = HttpResponseRedirect(self.url("thanks"))
            self.after_submit(http_response)
            return http_response
        respondents.save_answers(
            response,
            page_input.answers,
            page,
            following if following is not None else page,
            merged=merged,
            departments=departments,
        )
        if missing is not None:
            return HttpResponseRedirect(self._page_url(missing) + "&check=1")
        return HttpResponseRedirect(self._page_url(following if following is not None else page))

    def departments_for(self, questions: list[Question]) -> list[Department]:
        """The organisation's departments, only when a question on the page lists them."""
        if any(q.get("options_from") == "departments" for q in questions):
            return self.respondent.departments
        return []

    def _first_incomplete_page(self, answers: dict, visible: set[str]) -> int | None:
        definition = self.respondent.survey.definition
        for index, page in enumerate(definition["pages"]):
            for q in page["questions"]:
                if q["id"] in visible and q.get("required") and q["id"] not in answers:
                    return index
        return None

    def _page_url(self, page: int) -> str:
        """This page view's own URL (the request's path: no URL reversing per submit)."""
        return f"{self.request.path}?p={page}"

    def render_page(self, response, page: int, values: dict, errors: dict, status: int = 200):
        survey = self.respondent.survey
        definition = survey.definition
        questions = routing.visible_on_page(definition, page, response.answers)
        _position, percent = routing.progress(definition, response.answers, page)
        count = pagecount.page_count(definition, response.answers, page)
        page_def = definition["pages"][page]
        is_last = routing.next_page(definition, response.answers, page) is None
        context = {
            "survey": survey,
            "title": translate(definition.get("title")),
            "page_index": page,
            "page_title": translate(page_def.get("title")),
            "page_intro": translate(page_def.get("intro")) if page_def.get("intro") else "",
            "page_count": count,
            "percent": percent,
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


class ThanksBase(RespondentViewMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            self.respondent = self.resolve(request)
        except LinkProblem as problem:
            if problem.reason in ("submitted", "closed"):
                return thanks_page(request, problem.survey)
            return problem_page(request, problem)
        if self.respondent.token and respondents.find_response(self.respondent) is not None:
            return HttpResponseRedirect(self.url("page"))
        if self.respondent.invitation is not None:  # a personal link not yet submitted
            return HttpResponseRedirect(self.url("intro"))
        return thanks_page(request, self.respondent.survey)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a questionnaire text (one per line of the text)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------- personal link


class PersonalLinkMixin(RespondentViewMixin):
    link_kind = "personal"

    def link_kwargs(self) -> dict:
        return {"token": self.kwargs["token"]}

    def resolve(self, request) -> Respondent:
        return pageload.resolve_personal_link(
            self.kwargs["token"], with_organisation=self.needs_organisation
        )


class PersonalIntroView(PersonalLinkMixin, IntroBase):
    pass


class PersonalPageView(PersonalLinkMixin, PageBase):
    pass


class PersonalThanksView(PersonalLinkMixin, ThanksBase):
    pass


# ---------------------------------------------------------------------------- open link


class OpenLinkMixin(RespondentViewMixin):
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
        survey = respondents.resolve_open_survey(self.kwargs["code"])
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
        if self.respondent.token and respondents.find_response(self.respondent) is not None:
            return HttpResponseRedirect(self.url("page"))
        try:
            payload = signing.loads(
                request.POST.get("nonce", ""), salt=NONCE_SALT, max_age=24 * 3600
            )
        except signing.BadSignature:
            payload = None
        if (
            not isinstance(payload, dict)
            or payload.get("s") != survey.pk
            or not respondents.claim_open_nonce(survey, str(payload.get("n")))
        ):
            ctx = self.intro_context()
            ctx["start_error"] = _(
                "Deze startknop was verlopen of al gebruikt. Start de vragenlijst opnieuw."
            )
            return render(request, "surveys/respond/intro.html", ctx, status=200)
        token = new_token()
        self.respondent = Respondent(survey, token)
        respondents.start_response(self.respondent)
        http_response = HttpResponseRedirect(self.url("page"))
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
