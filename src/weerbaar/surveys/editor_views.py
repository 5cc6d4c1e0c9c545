"""The questionnaire editor in the browser (coordinators, an own copy of a questionnaire).

Every change goes through :mod:`.editor` (validated as the YAML import is, refused with a
Dutch message on the same page, nothing typed lost) and is stored with the version the
coordinator started from, so two coordinators never overwrite each other unnoticed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from weerbaar.core.locking import ConflictError, posted_version
from weerbaar.organisations.views_mixins import OrganisationMixin

from .editor import operations, outline, store
from .editor.forms import (
    NewPageForm,
    NewQuestionForm,
)
from .editor.store import questionnaire_for
from .editor.validation import EditError
from .models import Questionnaire
from .types import QuestionnaireDefinition


def conflict_message() -> str:
    return _(
        "Iemand anders heeft deze vragenlijst intussen gewijzigd. Uw wijziging is niet "
        "opgeslagen; hieronder staat de huidige versie, met wat u invoerde. Sla opnieuw op "
        "om uw wijziging daarop toe te passen."
    )


def _rebased(form: forms.Form | None, version: int) -> None:
    if form is not None and form.is_bound:
        form.rebase(version)  # type: ignore[attr-defined]


class EditorMixin(OrganisationMixin, TemplateView):
    """An own questionnaire copy of this organisation; shipped ones are only copied."""

    permission = "scan.manage"

    def get_questionnaire(self) -> Questionnaire:
        if not hasattr(self, "_questionnaire"):
            self._questionnaire = questionnaire_for(
                self.organisation, self.kwargs["questionnaire_id"]
            )
        return self._questionnaire

    def shipped_refusal(self) -> HttpResponse | None:
        q = self.get_questionnaire()
        if not q.is_shipped:
            return None
        messages.info(
            self.request,
            _("Een meegeleverde vragenlijst kunt u niet wijzigen; maak een kopie om te bewerken."),
        )
        return redirect(self.questionnaire_url())

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(
            f"surveys:{name}",
            kwargs={
                "org": self.organisation.slug,
                "questionnaire_id": self.get_questionnaire().pk,
                **kwargs,
            },
        )

    def questionnaire_url(self) -> str:
        return self.url("questionnaire")

    def editor_url(self) -> str:
        return self.url("editor")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        q = self.get_questionnaire()
        ctx["questionnaire"] = q
        ctx["version"] = q.lock_version
        ctx.setdefault("edit_errors", [])
        return ctx

    def refused(self, exc: EditError, **context: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(edit_errors=exc.messages, **context))

    def conflicted(
        self, conflict: ConflictError, *forms_: forms.Form | None, **context: Any
    ) -> HttpResponse:
        """The page again with the stored version and what was typed; saving again applies
        the change to the stored version."""
        self._questionnaire = conflict.stored  # type: ignore[assignment]
        for form in forms_:
            _rebased(form, conflict.stored_version)
        response = self.render_to_response(
            self.get_context_data(edit_errors=[conflict_message()], **context)
        )
        # htmx swaps only successful responses; a full page says it with 409 Conflict.
        if self.request.headers.get("HX-Request") != "true":
            response.status_code = 409
        return response


# ============================================================================ structure


class EditorView(EditorMixin, TemplateView):
    """The questionnaire's pages and questions: add, remove, move; validate before use."""

    template_name = "surveys/editor/structure.html"
    ACTIONS = (
        "move_question",
        "remove_question",
        "move_page",
        "remove_page",
        "add_question",
        "add_page",
        "validate",
    )

    def get(self, request, *args, **kwargs):
        return self.shipped_refusal() or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        q = self.get_questionnaire()
        add_forms: dict[str, NewQuestionForm] = kwargs.get("add_forms", {})
        pages = outline.structure(q.definition)
        for page in pages:
            page["add_form"] = add_forms.get(page["id"]) or NewQuestionForm(
                prefix=f"add-{page['id']}", initial={"lock_version": q.lock_version}
            )
        ctx["pages"] = pages
        ctx.setdefault(
            "page_form", NewPageForm(prefix="page", initial={"lock_version": q.lock_version})
        )
        ctx["uses"] = store.surveys_using(q, self.organisation)
        return ctx

    def post(self, request, *args, **kwargs):
        refusal = self.shipped_refusal()
        if refusal:
            return refusal
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            messages.error(request, _("Onbekende actie."))
            return redirect(self.editor_url())
        if action == "validate":
            problems = store.validate_questionnaire(self.get_questionnaire())
            return self.render_to_response(self.get_context_data(problems=problems, validated=True))
        if action == "add_question":
            return self.add_question(request)
        if action == "add_page":
            return self.add_page(request)
        target = request.POST.get("target", "")
        direction: operations.Direction = "up" if request.POST.get("direction") == "up" else "down"
        edits = {
            "move_question": lambda d: operations.move_question(d, target, direction),
            "remove_question": lambda d: operations.remove_question(d, target),
            "move_page": lambda d: operations.move_page(d, target, direction),
            "remove_page": lambda d: operations.remove_page(d, target),
        }
        done = {
            "move_question": _("De vraag is verplaatst."),
            "remove_question": _("De vraag is verwijderd."),
            "move_page": _("De pagina is verplaatst."),
            "remove_page": _("De pagina is verwijderd."),
        }
        try:
            store.apply_edit(
                self.get_questionnaire(),
                edits[action],
                expected_version=posted_version(request.POST),
            )
        except ConflictError as conflict:
            return self.conflicted(conflict)
        except EditError as exc:
            return self.refused(exc)
        if request.headers.get("HX-Request") == "true":
            # htmx swaps in the changed list; the message goes with it (announced politely).
            return self.render_to_response(self.get_context_data(done=done[action]))
        messages.success(request, done[action])
        return redirect(self.editor_url() + f"#{target}")

    def add_question(self, request):
        page_id = request.POST.get("target", "")
        form = NewQuestionForm(request.POST, prefix=f"add-{page_id}")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(add_forms={page_id: form}))
        added: dict[str, str] = {}

        def edit(definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
            new, added["id"] = operations.add_question(definition, page_id, form.to_new_question())
            return new

        try:
            store.apply_edit(self.get_questionnaire(), edit, expected_version=form.expected_version)
        except ConflictError as conflict:
            return self.conflicted(conflict, form, add_forms={page_id: form})
        except EditError as exc:
            return self.refused(exc, add_forms={page_id: form})
        messages.success(request, _("De vraag is toegevoegd. Stel hier eventueel de routering in."))
        return redirect(self.question_url(added["id"]))

    def add_page(self, request):
        form = NewPageForm(request.POST, prefix="page")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(page_form=form))
        added: dict[str, str] = {}

        def edit(definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
            new, added["id"] = operations.add_page(
                definition, form.cleaned_data["title"], form.to_new_question()
            )
            return new

        try:
            store.apply_edit(self.get_questionnaire(), edit, expected_version=form.expected_version)
        except ConflictError as conflict:
            return self.conflicted(conflict, form, page_form=form)
        except EditError as exc:
            return self.refused(exc, page_form=form)
        messages.success(request, _("De pagina is toegevoegd."))
        return redirect(self.editor_url() + f"#{added['id']}")

    def question_url(self, qid: str) -> str:
        return self.url("editor_question", question_key=qid)


urlpatterns = [
    path("vragenlijsten/<int:questionnaire_id>/editor/", EditorView.as_view(), name="editor"),
]
