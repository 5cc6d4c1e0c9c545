"""The document inventory: list with the scan's field work, add, edit, download, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError
from weerbaar.core.uploads import DOCUMENT_CONTENT_TYPES, attachment_response
from weerbaar.scans.views import ScanMixin

from .. import documents, intake, selectors
from ..forms import DocumentForm
from ..models import FieldDocument, InterviewSession
from ..norms import norm_labels
from .common import NewScanObjectFormMixin, ScanObjectFormMixin, ScanObjectMixin


class FieldworkOverviewView(ScanMixin, TemplateView):
    """The scan's field work: documents, conversations and the intake per department."""

    permission = "scan.view_work"
    template_name = "fieldwork/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        scan = self.get_scan()
        docs = selectors.documents(scan)
        ctx["documents"] = [{"document": d, "norms": norm_labels(scan, d.norm_ids)} for d in docs]
        ctx["sessions"] = InterviewSession.objects.filter(scan=scan)
        ctx["progress"] = intake.progress(scan)
        ctx["can_manage"] = self.can("scan.manage")
        return ctx


def _save(view: Any, form: DocumentForm, document: FieldDocument) -> HttpResponse:
    try:
        documents.save_document(
            document,
            norm_ids=form.cleaned_data.get("norm_ids") or [],
            upload=form.cleaned_data.get("upload"),
            expected_version=form.expected_version,
        )
    except ConflictError as conflict:
        return view.conflict_response(form, conflict)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "file" in exc.error_dict:
            exc.error_dict["upload"] = exc.error_dict.pop("file")
        add_service_errors(form, exc)
        return view.form_invalid(form)
    messages.success(view.request, _("Het document is opgeslagen."))
    return redirect("fieldwork:document", org=view.organisation.slug, fielddocument_id=document.pk)


class DocumentCreateView(NewScanObjectFormMixin, FormView):
    new_model = FieldDocument
    template_name = "fieldwork/document_form.html"
    form_class = DocumentForm

    def form_valid(self, form: DocumentForm) -> HttpResponse:
        return _save(self, form, form.instance)


class DocumentDetailView(ScanObjectMixin, TemplateView):
    permission = "scan.view_work"
    scoped_model = FieldDocument
    scoped_url_kwarg = "fielddocument_id"
    template_name = "fieldwork/document_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        document = self.get_scoped_object()
        ctx["document"] = document
        ctx["norms"] = norm_labels(document.scan, document.norm_ids)
        ctx["can_manage"] = self.can("scan.manage")
        return ctx


class DocumentEditView(ScanObjectFormMixin, FormView):
    scoped_model = FieldDocument
    scoped_url_kwarg = "fielddocument_id"
    context_object_name = "document"
    template_name = "fieldwork/document_form.html"
    form_class = DocumentForm

    def form_valid(self, form: DocumentForm) -> HttpResponse:
        return _save(self, form, form.instance)


class DocumentDownloadView(ScanObjectMixin, View):
    """The file as an attachment with the type found in its content (never inline HTML)."""

    permission = "scan.view_work"
    scoped_model = FieldDocument
    scoped_url_kwarg = "fielddocument_id"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        document = self.get_scoped_object()
        if not document.file or document.file_type not in DOCUMENT_CONTENT_TYPES:
            raise Http404
        try:
            fh = document.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        record_read(request, document, "fieldwork_document")
        return attachment_response(
            fh,
            filename=f"document-{document.scan_id}-{document.pk}.{document.file_type}",
            file_type=document.file_type,
        )


class DocumentDeleteView(ScanObjectMixin, View):
    permission = "scan.manage"
    scoped_model = FieldDocument
    scoped_url_kwarg = "fielddocument_id"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.get_scoped_object()
        scan = document.scan
        documents.delete_document(document)
        messages.success(request, _("Het document is verwijderd uit de inventarisatie."))
        return redirect("fieldwork:overview", org=self.organisation.slug, scan_id=scan.pk)
