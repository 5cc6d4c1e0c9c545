"""Uploading, previewing and publishing a library (platform beheerder, RIEC advisers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from weerbaar.core.forms import add_service_errors
from weerbaar.core.urlkwargs import register_kwarg

from . import drafts
from .forms import LibraryUploadForm
from .loader import LibraryError, LibraryValidationError
from .messages import describe
from .models import LibraryDraft
from .preview import preview
from .spreadsheet import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def error_rows(errors: list[LibraryError]) -> list[dict]:
    """Validation errors as table rows: file, line, field and a message in Dutch."""
    return [
        {"file": e.file, "line": e.line, "field": e.field, "message": describe(e)} for e in errors
    ]


class UploaderMixin(LoginRequiredMixin):
    """Only the platform beheerder and RIEC advisers manage libraries (others: 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not drafts.may_upload(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LibraryManageView(UploaderMixin, View):
    template_name = "library/manage/index.html"

    def render(self, request, form, errors=()):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "errors": error_rows(list(errors)),
                "drafts": drafts.drafts_for(request.user),
            },
            status=200,
        )

    def get(self, request):
        return self.render(request, LibraryUploadForm(user=request.user))

    def post(self, request):
        form = LibraryUploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(request, form)
        try:
            result = drafts.upload(
                form.cleaned_data["file"],
                user=request.user,
                region_id=form.region_id(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(request, form)
        if result.draft is None:
            form.add_error(
                "file", _("Het bestand bevat fouten; ze staan in de tabel onder het formulier.")
            )
            return self.render(request, form, result.errors)
        messages.success(request, _("Het concept is opgeslagen. Bekijk het en publiceer het."))
        return redirect("library:draft", draft_id=result.draft.pk)


class TemplateDownloadView(UploaderMixin, View):
    def get(self, request):
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="weerbaar-kader-sjabloon.xlsx"'
        return response


class DraftView(UploaderMixin, View):
    template_name = "library/manage/draft.html"

    def get(self, request, draft_id: int):
        draft = get_object_or_404(drafts.drafts_for(request.user), pk=draft_id)
        context: dict = {"draft": draft, "errors": [], "preview": None}
        try:
            context["preview"] = preview(drafts.read_draft(draft), draft.published_version)
        except LibraryValidationError as exc:
            context["errors"] = error_rows(exc.errors)
        context["may_publish"] = context["preview"] is not None and draft.is_draft
        return render(request, self.template_name, context)


class PublishView(UploaderMixin, View):
    def post(self, request, draft_id: int):
        draft = get_object_or_404(drafts.drafts_for(request.user), pk=draft_id)
        try:
            version = drafts.publish(draft, request.user)
        except LibraryValidationError as exc:
            messages.error(request, "; ".join(describe(e) for e in exc.errors))
            return redirect("library:draft", draft_id=draft.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("library:draft", draft_id=draft.pk)
        messages.success(
            request,
            _("Versie %(version)s is gepubliceerd.") % {"version": version.version},
        )
        return redirect("library:version", version_id=version.pk)


def _example_draft(_organisation) -> int:
    draft = LibraryDraft.objects.order_by("pk").first()
    return draft.pk if draft else 1


register_kwarg("draft_id", _example_draft)
