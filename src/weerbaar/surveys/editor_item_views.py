"""Editing one question or page of a questionnaire copy: texts, answers and routing
(a condition on the answers to questions of earlier pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from weerbaar.core.locking import ConflictError, posted_version
from weerbaar.core.scoping import scoped
from weerbaar.core.urlkwargs import register_kwarg

from . import questionnaire as qn
from .editor import conditions, operations, outline, store
from .editor.conditions import Combine
from .editor.forms import (
    ConditionForm,
    ConditionSourceForm,
    PageForm,
    QuestionForm,
    question_initial,
)
from .editor.validation import EditError
from .editor_views import EditorMixin
from .models import Questionnaire
from .overview import describe_group
from .types import Condition, QuestionnaireDefinition


class ConditionMixin(EditorMixin):
    """The routing part of the question and page pages: choose an earlier question (step 1,
    a GET form), then how its answer counts (step 2), or clear the conditions."""

    def page_index(self) -> int:
        raise NotImplementedError

    def current_condition(self) -> str:
        raise NotImplementedError

    def add(
        self, definition: QuestionnaireDefinition, condition: Condition, combine: Combine
    ) -> QuestionnaireDefinition:
        raise NotImplementedError

    def clear(self, definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
        raise NotImplementedError

    def here(self) -> str:
        raise NotImplementedError

    def condition_context(self, condition_form: ConditionForm | None = None) -> dict[str, Any]:
        definition = self.get_questionnaire().definition
        sources = conditions.condition_sources(definition, self.page_index())
        by_key = {s.key: s for s in sources}
        chosen = by_key.get(self.request.GET.get("bron", ""))
        if condition_form is None and chosen is not None:
            condition_form = ConditionForm(
                source=chosen,
                has_existing=bool(self.current_condition()),
                initial={
                    "lock_version": self.get_questionnaire().lock_version,
                    "source": chosen.key,
                    "operator": chosen.operators[0],
                },
            )
        return {
            "sources": sources,
            "source_form": ConditionSourceForm(
                initial={"bron": chosen.key if chosen else ""}, sources=sources
            ),
            "condition_form": condition_form,
            "condition": self.current_condition(),
        }

    def post_condition(self, request) -> HttpResponse:
        q = self.get_questionnaire()
        if request.POST.get("action") == "clear_condition":
            try:
                store.apply_edit(q, self.clear, expected_version=posted_version(request.POST))
            except ConflictError as conflict:
                return self.conflicted(conflict)
            except EditError as exc:
                return self.refused(exc)
            messages.success(request, _("De routering is verwijderd: altijd getoond."))
            return redirect(self.here())
        sources = {s.key: s for s in conditions.condition_sources(q.definition, self.page_index())}
        source = sources.get(request.POST.get("source", ""))
        if source is None:
            return self.refused(
                EditError([_("Kies een vraag van een eerdere pagina voor de voorwaarde.")])
            )
        form = ConditionForm(
            request.POST, source=source, has_existing=bool(self.current_condition())
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(condition_form=form))

        def edit(definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
            data = form.cleaned_data
            condition = conditions.build_condition(source, data["operator"], data.get("values", []))
            return self.add(definition, condition, data.get("combine") or "all")

        try:
            store.apply_edit(q, edit, expected_version=form.expected_version)
        except ConflictError as conflict:
            return self.conflicted(conflict, form, condition_form=form)
        except EditError as exc:
            return self.refused(exc, condition_form=form)
        messages.success(request, _("De voorwaarde is toegevoegd."))
        return redirect(self.here())


class QuestionEditView(ConditionMixin, TemplateView):
    """One question: its texts and answers, and when it is shown (routing)."""

    template_name = "surveys/editor/question.html"

    def get_question(self):
        definition = self.get_questionnaire().definition
        try:
            p, i = operations.find_question(definition, self.kwargs["question_key"])
        except EditError:
            raise Http404 from None
        return p, definition["pages"][p]["questions"][i]

    def page_index(self) -> int:
        return self.get_question()[0]

    def current_condition(self) -> str:
        index = qn.question_index(self.get_questionnaire().definition)
        return describe_group(self.get_question()[1].get("show_if"), index)

    def add(
        self, definition: QuestionnaireDefinition, condition: Condition, combine: Combine
    ) -> QuestionnaireDefinition:
        return conditions.add_condition(definition, self.kwargs["question_key"], condition, combine)

    def clear(self, definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
        return conditions.clear_condition(definition, self.kwargs["question_key"])

    def here(self) -> str:
        return self.url("editor_question", question_key=self.kwargs["question_key"])

    def get(self, request, *args, **kwargs):
        refusal = self.shipped_refusal()
        if refusal:
            return refusal
        self.get_question()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        q = self.get_questionnaire()
        _p, question = self.get_question()
        ctx["question"] = question
        ctx["question_label"] = operations.question_label(question)
        ctx.setdefault(
            "form",
            QuestionForm(question=question, initial=question_initial(question, q.lock_version)),
        )
        ctx.update(self.condition_context(kwargs.get("condition_form")))
        return ctx

    def post(self, request, *args, **kwargs):
        refusal = self.shipped_refusal()
        if refusal:
            return refusal
        _p, question = self.get_question()
        if request.POST.get("action") in ("add_condition", "clear_condition"):
            return self.post_condition(request)
        form = QuestionForm(request.POST, question=question)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        qid = question["id"]
        try:
            store.apply_edit(
                self.get_questionnaire(),
                lambda d: operations.update_question(d, qid, form.to_edit()),
                expected_version=form.expected_version,
            )
        except ConflictError as conflict:
            return self.conflicted(conflict, form, form=form)
        except EditError as exc:
            return self.refused(exc, form=form)
        messages.success(request, _("De vraag is opgeslagen."))
        return redirect(self.editor_url() + f"#{qid}")


class PageEditView(ConditionMixin, TemplateView):
    """One page: its title and introduction, and when it is shown (routing)."""

    template_name = "surveys/editor/page.html"

    def get_page(self):
        definition = self.get_questionnaire().definition
        try:
            p = operations.find_page(definition, self.kwargs["page_key"])
        except EditError:
            raise Http404 from None
        return p, definition["pages"][p]

    def page_index(self) -> int:
        return self.get_page()[0]

    def current_condition(self) -> str:
        index = qn.question_index(self.get_questionnaire().definition)
        return outline.page_condition(self.get_page()[1]["questions"], index)

    def add(
        self, definition: QuestionnaireDefinition, condition: Condition, combine: Combine
    ) -> QuestionnaireDefinition:
        return conditions.add_page_condition(
            definition, self.kwargs["page_key"], condition, combine
        )

    def clear(self, definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
        return conditions.clear_page_condition(definition, self.kwargs["page_key"])

    def here(self) -> str:
        return self.url("editor_page", page_key=self.kwargs["page_key"])

    def get(self, request, *args, **kwargs):
        refusal = self.shipped_refusal()
        if refusal:
            return refusal
        self.get_page()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        q = self.get_questionnaire()
        p, page = self.get_page()
        ctx["page"] = page
        ctx["page_number"] = p + 1
        ctx.setdefault(
            "form",
            PageForm(
                initial={
                    "lock_version": q.lock_version,
                    "title": page["title"]["nl"],
                    "intro": page["intro"]["nl"] if page.get("intro") else "",
                }
            ),
        )
        ctx.update(self.condition_context(kwargs.get("condition_form")))
        return ctx

    def post(self, request, *args, **kwargs):
        refusal = self.shipped_refusal()
        if refusal:
            return refusal
        self.get_page()
        if request.POST.get("action") in ("add_condition", "clear_condition"):
            return self.post_condition(request)
        form = PageForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        page_id = self.kwargs["page_key"]
        try:
            store.apply_edit(
                self.get_questionnaire(),
                lambda d: operations.update_page(
                    d, page_id, form.cleaned_data["title"], form.cleaned_data["intro"]
                ),
                expected_version=form.expected_version,
            )
        except ConflictError as conflict:
            return self.conflicted(conflict, form, form=form)
        except EditError as exc:
            return self.refused(exc, form=form)
        messages.success(request, _("De pagina is opgeslagen."))
        return redirect(self.editor_url() + f"#{page_id}")


def _example_question(organisation) -> str:
    q = scoped(Questionnaire.objects.all(), [organisation]).order_by("pk").first()
    return q.definition["pages"][0]["questions"][0]["id"] if q else "q1"


def _example_page(organisation) -> str:
    q = scoped(Questionnaire.objects.all(), [organisation]).order_by("pk").first()
    return q.definition["pages"][0]["id"] if q else "p1"


register_kwarg("question_key", _example_question)
register_kwarg("page_key", _example_page)

urlpatterns = [
    path(
        "vragenlijsten/<int:questionnaire_id>/editor/vraag/<str:question_key>/",
        QuestionEditView.as_view(),
        name="editor_question",
    ),
    path(
        "vragenlijsten/<int:questionnaire_id>/editor/pagina/<str:page_key>/",
        PageEditView.as_view(),
        name="editor_page",
    ),
]
