"""Pages of the workspace: its start page with the settings, and the roles self-scan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError, ConflictResponseMixin, save_model_form
from weerbaar.core.text import translate
from weerbaar.organisations.views_mixins import OrganisationMixin

from . import selfscan
from .access import (
    can_manage_settings,
    can_take_self_scan,
    own_scans,
    settings_for,
    shared_scans,
)
from .agenda import follow_up_counts, next_due
from .content import scale, scan_roles, self_scan_document
from .forms import SelfScanForm, ShareForm, WorkspaceSettingsForm
from .models import AgendaItem, Portfolio, RoleScan
from .views_mixins import WorkspaceMixin


class HomeView(ConflictResponseMixin, WorkspaceMixin, FormView):
    template_name = "secretaris/home.html"
    form_class = WorkspaceSettingsForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": settings_for(self.organisation),
            "can_manage_access": can_manage_settings(self.request.user, self.organisation),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        ctx["next_due"] = next_due(self.organisation, today)
        ctx["latest_item"] = AgendaItem.objects.filter(organisation=self.organisation).first()
        ctx["portfolio_count"] = Portfolio.objects.filter(organisation=self.organisation).count()
        ctx["can_take_self_scan"] = can_take_self_scan(self.request.user, self.organisation)
        ctx["follow_up"] = follow_up_counts(self.organisation, today)
        ctx["can_view_screening"] = self.can("screening.view")
        ctx["can_view_awareness"] = self.can("awareness.view")
        return ctx

    def form_valid(self, form):
        try:
            save_model_form(form)
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        messages.success(self.request, _("De instellingen zijn opgeslagen."))
        return redirect("secretaris:home", org=self.organisation.slug)


def _scan_roles_display() -> list[dict]:
    return [
        {
            **r,
            "statement": translate(r["statement"]),
            "activities": [{**a, "text": translate(a["text"])} for a in r["activities"]],
        }
        for r in scan_roles()
    ]


class SelfScanView(WorkspaceMixin, FormView):
    """The current user's own self-scan of this year: answer it and see the comparison."""

    template_name = "secretaris/selfscan.html"

    def dispatch(self, request, *args, **kwargs):
        self.year = timezone.localdate().year
        return super().dispatch(request, *args, **kwargs)

    def get_scan(self) -> RoleScan | None:
        return own_scans(self.request.user, self.organisation).filter(year=self.year).first()

    def get_form(self, form_class=None):
        scale_display = [{**s, "label": translate(s["label"])} for s in scale()]
        return SelfScanForm(
            **self.get_form_kwargs(), roles=_scan_roles_display(), scale=scale_display
        )

    def get_initial(self):
        scan = self.get_scan()
        if scan is None:
            return {}
        initial: dict = {k: str(v) for k, v in scan.scores.items()}
        for role in scan_roles():
            ids = {a["id"] for a in role["activities"]}
            initial[f"{role['id']}.activities"] = [a for a in scan.activities if a in ids]
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = self.get_scan()
        doc = self_scan_document()
        region = selfscan.region_figures(scan) if scan else None
        ctx.update(
            year=self.year,
            scan=scan,
            introduction=translate(doc.get("introduction")),
            results=selfscan.results(scan, selfscan.previous_scan(scan) if scan else None, region),
            contributing=selfscan.is_contributing(self.organisation),
            region_k=selfscan.REGION_MIN_MUNICIPALITIES,
            can_answer=can_take_self_scan(self.request.user, self.organisation),
            share_form=ShareForm(initial={"roles": scan.shared_with if scan else []}),
            shared_labels=selfscan.shared_with_labels(scan) if scan else [],
            history=list(own_scans(self.request.user, self.organisation).exclude(year=self.year)),
        )
        return ctx

    def form_valid(self, form):
        if not can_take_self_scan(self.request.user, self.organisation):
            raise PermissionDenied
        try:
            selfscan.save_answers(
                self.organisation, self.request.user, self.year, form.scores(), form.activities()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw zelfscan is opgeslagen."))
        return redirect("secretaris:selfscan", org=self.organisation.slug)


class SelfScanShareView(WorkspaceMixin, FormView):
    form_class = ShareForm
    http_method_names = ["post"]

    def form_valid(self, form):
        scan = own_scans(self.request.user, self.organisation).order_by("-year").first()
        if scan is None:
            messages.error(self.request, _("Vul eerst de zelfscan in; daarna kunt u hem delen."))
            return redirect("secretaris:selfscan", org=self.organisation.slug)
        try:
            selfscan.share(scan, form.cleaned_data["roles"])
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect("secretaris:selfscan", org=self.organisation.slug)
        if scan.shared_with:
            messages.success(self.request, _("De zelfscan is gedeeld."))
        else:
            messages.success(self.request, _("De zelfscan is weer alleen voor u zichtbaar."))
        return redirect("secretaris:selfscan", org=self.organisation.slug)

    def form_invalid(self, form):
        messages.error(self.request, _("Kies de rollen waarmee u de zelfscan deelt."))
        return redirect("secretaris:selfscan", org=self.organisation.slug)


class SelfScanRegionView(WorkspaceMixin, View):
    """Contribute the own latest scan's scores anonymously to the regional comparison, or
    withdraw them. Only the secretaris who wrote the scan contributes it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not can_take_self_scan(request.user, self.organisation):
            raise PermissionDenied
        back = redirect("secretaris:selfscan", org=self.organisation.slug)
        if request.POST.get("choice") == "leave":
            selfscan.withdraw(self.organisation)
            messages.success(request, _("Uw scores zijn verwijderd uit de regionale vergelijking."))
            return back
        if request.POST.get("choice") != "join":
            messages.error(request, _("Kies of u uw scores bijdraagt of intrekt."))
            return back
        scan = selfscan.latest_own_scan(self.organisation, request.user)
        if scan is None:
            messages.error(request, _("Vul eerst de zelfscan in; daarna kunt u bijdragen."))
            return back
        selfscan.contribute(scan)
        messages.success(request, _("Uw scores tellen anoniem mee in de regionale vergelijking."))
        return back


class SharedSelfScansView(OrganisationMixin, TemplateView):
    """Self-scans others shared with one of the user's roles (audited reads)."""

    template_name = "secretaris/selfscan_shared.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        shown = []
        for scan in shared_scans(self.request.user, self.organisation):
            record_read(self.request, scan, "gs_self_scan", {"year": scan.year})
            region = selfscan.region_figures(scan)
            shown.append({"scan": scan, "results": selfscan.results(scan, None, region)})
        ctx["shared"] = shown
        return ctx
