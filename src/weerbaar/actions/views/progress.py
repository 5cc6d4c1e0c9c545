"""Pages of the progress reports (voortgangsrapportages): list, create, read, download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin

from ..documents import document_context, render_docx, render_pdf
from ..forms import ProgressReportForm
from ..models import ProgressReport
from ..overview import create_progress_report, previous_report, progress_since


class ProgressReportListView(OrganisationMixin, FormView):
    permission = "progress.view"
    template_name = "actions/progress_list.html"
    form_class = ProgressReportForm

    def get_initial(self):
        return {
            "title": _("Voortgang opvolging weerbaarheidsscan %(date)s")
            % {"date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reports"] = list(ProgressReport.objects.filter(organisation=self.organisation))
        ctx["can_manage"] = self.can("action.manage")
        last = previous_report(self.organisation)
        ctx["pending"] = (
            progress_since(self.organisation, last.period_end if last else None, timezone.now())
            if ctx["can_manage"]
            else None
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can("action.manage"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        report = create_progress_report(
            self.organisation,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data.get("summary", ""),
            user=self.request.user,
        )
        messages.success(self.request, _("De voortgangsrapportage is gemaakt."))
        return redirect(
            "actions:progress_detail", org=self.organisation.slug, progressreport_id=report.pk
        )


class ProgressReportMixin(ScopedObjectMixin[ProgressReport]):
    permission = "progress.view"
    scoped_model = ProgressReport
    scoped_url_kwarg = "progressreport_id"

    def get_scoped_queryset(self):
        return ProgressReport.objects.select_related("organisation")

    def get_report(self) -> ProgressReport:
        # The scoped object is an instance of ``scoped_model``.
        return self.get_scoped_object()


class ProgressReportDetailView(ProgressReportMixin, TemplateView):
    template_name = "actions/progress_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.get_report()
        ctx.update(document_context(report))
        return ctx


class ProgressReportPdfView(ProgressReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        report = self.get_report()
        response = HttpResponse(render_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="voortgang-{report.pk}.pdf"'
        return response


class ProgressReportDocxView(ProgressReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        report = self.get_report()
        response = HttpResponse(
            render_docx(report),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="voortgang-{report.pk}.docx"'
        return response
