"""Report pages: the scan's report, the draft (preview, edit) and its versions.

Drafts need ``report.view_draft`` (coordinator, secretaris, RIEC, beheerder); editing and
offering for approval need ``report.edit`` (see :mod:`.views_approval`). Approved versions are
for everyone who may see the organisation, including lezers (college, raad, rekenkamer);
versions not (yet) approved only for those who see drafts and for the approver.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin
from weerbaar.scans.views import ScanMixin

from . import approval, files, render, services
from .collect import collect_report_data
from .collect.assessment import collect_recommendations
from .forms import ReportDraftForm, initial_for
from .models import Report, ReportVersion, Step, VersionKind
from .structure import structure_for

VERSION_FORMATS = [("pdf", "PDF"), ("docx", "DOCX"), ("html", "HTML")]


def sees_unapproved(view: OrganisationMixin) -> bool:
    """Whether the user sees versions that are not (yet) approved."""
    return view.can("report.view_draft") or approval.can_approve(
        view.request.user, view.organisation
    )


def request_language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def download_response(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def check_format(fmt: str) -> str:
    if fmt not in render.FORMATS:
        raise Http404(_("Onbekend formaat: kies html, pdf of docx."))
    return fmt


class ScanReportView(ScanMixin, TemplateView):
    """The report of a scan: published versions for all, the draft for insiders."""

    template_name = "reports/scan_report.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = self.get_scan()
        ctx["versions"] = approval.visible_versions(
            ReportVersion.objects.filter(scan=scan)
            .select_related("withdraws")
            .defer("snapshot", "withdraws__snapshot"),
            sees_unapproved=sees_unapproved(self),
        ).order_by("-number")
        ctx["can_view_draft"] = self.can("report.view_draft")
        ctx["can_edit"] = self.can("report.edit")
        ctx["report"] = Report.objects.filter(scan=scan).first() if ctx["can_view_draft"] else None
        ctx["version_formats"] = VERSION_FORMATS
        ctx["page_title"] = _("Rapport")
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can("report.edit"):
            raise PermissionDenied
        report = services.get_or_create_report(self.get_scan(), request.user)
        return redirect("reports:edit", org=self.organisation.slug, report_id=report.pk)


class ReportMixin(ScopedObjectMixin[Report]):
    permission = "report.view_draft"
    scoped_model = Report
    scoped_url_kwarg = "report_id"

    def get_scoped_queryset(self):
        return Report.objects.select_related("scan", "scan__organisation", "scan__library_version")

    def get_report(self) -> Report:
        # The scoped object is an instance of ``scoped_model``.
        return self.get_scoped_object()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["report"] = self.get_report()
        ctx["scan"] = ctx["report"].scan
        ctx["can_edit"] = self.can("report.edit")
        return ctx


class ReportDraftView(ReportMixin, TemplateView):
    """The draft as it would be published now (concept, live data)."""

    template_name = "reports/report_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = ctx["report"]
        snapshot = services.normalised_snapshot(collect_report_data(report.scan, report).to_json())
        ctx["r"] = snapshot
        ctx["body"] = render.render_body(snapshot, request_language(), {"is_draft": True})
        ctx["page_title"] = _("Concept")
        return ctx


class ReportEditView(ReportMixin, TemplateView):
    permission = "report.edit"
    template_name = "reports/report_edit.html"

    def form_kwargs(self) -> dict:
        report = self.get_report()
        return {
            "chapters": list(report.scan.framework.dimensions_and_themes),
            "structure": structure_for(report.scan),
            "recommendations": collect_recommendations(report.scan, report),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault(
            "form",
            ReportDraftForm(initial=initial_for(self.get_report()), **self.form_kwargs()),
        )
        ctx["page_title"] = _("Concept bewerken")
        return ctx

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = ReportDraftForm(request.POST, **self.form_kwargs())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.save_draft(
                report,
                form.draft_input(),
                revision=form.cleaned_data["revision"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("Het concept is opgeslagen."))
        return redirect("reports:draft", org=self.organisation.slug, report_id=report.pk)


class ReportDraftDownloadView(ReportMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = check_format(kwargs["report_format"])
        report = self.get_report()
        snapshot = services.normalised_snapshot(collect_report_data(report.scan, report).to_json())
        data = render.render(snapshot, fmt, request_language(), {"is_draft": True})
        record_read(request, report, "report_draft", {"format": fmt})
        return download_response(data, fmt, render.filename(snapshot, fmt))


class VersionListView(OrganisationMixin, TemplateView):
    """Every published report of the organisation (for lezers: college, raad, rekenkamer)."""

    template_name = "reports/version_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["versions"] = approval.visible_versions(
            services.published_versions(self.organisation), sees_unapproved=False
        ).order_by("-published_at", "-number")
        ctx["version_formats"] = VERSION_FORMATS
        ctx["page_title"] = _("Rapporten")
        return ctx


class VersionMixin(ScopedObjectMixin[ReportVersion]):
    scoped_model = ReportVersion
    scoped_url_kwarg = "reportversion_id"

    def get_scoped_queryset(self):
        return approval.visible_versions(
            ReportVersion.objects.select_related("scan", "withdraws"),
            sees_unapproved=sees_unapproved(self),
        )

    def get_version(self) -> ReportVersion:
        # The scoped object is an instance of ``scoped_model``.
        return self.get_scoped_object()


class VersionDetailView(VersionMixin, TemplateView):
    template_name = "reports/report_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = self.get_version()
        is_report = version.kind == VersionKind.REPORT
        ctx["r"] = version.snapshot if is_report else {"title": version.title}
        ctx["body"] = (
            render.render_body(version.snapshot, request_language(), files.version_facts(version))
            if is_report
            else ""
        )
        ctx["version"] = version
        ctx["scan"] = version.scan
        ctx["hash_ok"] = services.verify(version)
        ctx["decisions"] = version.decisions.select_related("decided_by").order_by("pk")
        ctx["withdrawn_by"] = version.withdrawals.first()
        approver = approval.can_approve(self.request.user, self.organisation)
        ctx["approver_role"] = approval.approver_role_label(self.organisation)
        state = approval.state_of(version)
        ctx["can_decide"] = approver and state == Step.SUBMITTED
        ctx["can_withdraw"] = approver and is_report and state == Step.APPROVED
        ctx["page_title"] = _("Versie %(n)s") % {"n": version.number}
        return ctx


class VersionDownloadView(VersionMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = check_format(kwargs["report_format"])
        version = self.get_version()
        if version.kind != VersionKind.REPORT:
            raise Http404
        data = files.read(version, fmt, request_language())
        return download_response(data, fmt, render.filename(version.snapshot, fmt, version.number))
