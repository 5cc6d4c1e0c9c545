"""Previewing a questionnaire as a respondent, and downloading it as YAML (coordinators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from weerbaar.core.text import translate

from .editor import preview, store
from .editor_views import EditorMixin


class PreviewView(EditorMixin, TemplateView):
    """ "Voorbeeld als respondent": the respondent's pages and routing; nothing is stored."""

    template_name = "surveys/editor/preview.html"

    def departments(self) -> list[Any]:
        return list(self.organisation.departments.all())

    def get(self, request, *args, **kwargs):
        definition = self.get_questionnaire().definition
        ctx = self.get_context_data()
        if "p" not in request.GET:
            ctx["intro"] = translate(definition.get("intro"))
            ctx["title"] = translate(definition.get("title"))
            ctx["start"] = preview.first_page(definition, {})
            return self.render_to_response(ctx)
        page = preview.first_page(definition, {})
        return self.show(ctx, {}, page)

    def post(self, request, *args, **kwargs):
        q = self.get_questionnaire()
        definition = q.definition
        answers = preview.unpack(request.POST.get("state", ""), q.pk)
        try:
            page = int(request.POST.get("page", ""))
        except ValueError:
            page = -1
        ctx = self.get_context_data()
        if page not in preview.sequence(definition, answers):
            return self.show(ctx, answers, preview.first_page(definition, answers))
        action = request.POST.get("action", "next")
        step = preview.submit(
            definition, answers, page, request.POST, self.departments(), back=action == "previous"
        )
        if step.errors:
            return self.show(ctx, step.answers, page, step.values, step.errors)
        if step.page is None:
            ctx["finished"] = True
            ctx["title"] = translate(definition.get("title"))
            ctx["closing"] = translate(definition.get("closing"))
            return self.render_to_response(ctx)
        return self.show(ctx, step.answers, step.page)

    def show(self, ctx, answers, page, values=None, errors=None) -> HttpResponse:
        q = self.get_questionnaire()
        ctx.update(
            preview.page_context(q.definition, answers, page, self.departments(), values, errors)
        )
        ctx["state"] = preview.pack(answers, q.pk)
        ctx["on_page"] = True
        return self.render_to_response(ctx)


class ExportView(EditorMixin, TemplateView):
    """Download the questionnaire as YAML (the import format)."""

    def get(self, request, *args, **kwargs):
        q = self.get_questionnaire()
        text = store.export_text(q)
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{store.export_filename(q)}"'
        return response


urlpatterns = [
    path(
        "vragenlijsten/<int:questionnaire_id>/voorbeeld/",
        PreviewView.as_view(),
        name="questionnaire_preview",
    ),
    path(
        "vragenlijsten/<int:questionnaire_id>/yaml/",
        ExportView.as_view(),
        name="questionnaire_export",
    ),
]
