"""The region's pages: the RIEC dashboard, a municipality's own row with the region's
medians, and the benchmark (with joining and leaving it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from weerbaar.organisations.permissions import RIEC
from weerbaar.organisations.views_mixins import OrganisationMixin

from .benchmark import compare, is_participating, opt_in, opt_out
from .dashboard import RegionDashboard, region_dashboard, riec_regions
from .present import (
    figure_display,
    group_label,
    item_label,
    row_display,
    size_class_label,
    value_text,
)
from .stats import MIN_MUNICIPALITIES


def medians_display(dashboard: RegionDashboard) -> list[dict[str, Any]]:
    return [
        {"label": item_label(m.item, m.label), **figure_display(m.unit, m.figure)}
        for m in dashboard.medians
    ]


class RegionIndexView(LoginRequiredMixin, TemplateView):
    """The regions whose dashboard the user may open (none for most users)."""

    template_name = "regional/region_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["regions"] = riec_regions(self.request.user)
        return ctx


class RegionDashboardView(LoginRequiredMixin, TemplateView):
    """The RIEC dashboard of one region: only its RIEC advisers (and the beheerder)."""

    template_name = "regional/region_dashboard.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        regions = {r.slug: r for r in riec_regions(request.user)}
        # The same answer for a region that does not exist and one the user may not see.
        if kwargs.get("region") not in regions:
            raise PermissionDenied
        self.region = regions[kwargs["region"]]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        dashboard = region_dashboard(self.region)
        ctx.update(dashboard=dashboard, rows=rows_display(dashboard))
        ctx["medians"] = medians_display(dashboard)
        ctx["min_municipalities"] = MIN_MUNICIPALITIES
        return ctx


def rows_display(dashboard: RegionDashboard) -> list[dict[str, Any]]:
    out = []
    for row in dashboard.rows:
        out.append(
            {
                "row": row,
                "size": size_class_label(row.size_class),
                "overdue_share": value_text("pct", row.overdue_share)
                if row.overdue_share is not None
                else "–",
                "pillars": [
                    {
                        "now": value_text("phase", cell.level),
                        "before": value_text("phase", cell.previous)
                        if cell.previous is not None
                        else "",
                        "trend": cell.trend,
                    }
                    for cell in row.pillars
                ],
            }
        )
    return out


class OwnRegionView(OrganisationMixin, TemplateView):
    """A municipality's own row on its region's dashboard, beside the region's medians."""

    permission = "regional.view"
    template_name = "regional/own_region.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        region = self.organisation.region
        ctx["region"] = region
        if region is not None:
            dashboard = region_dashboard(region, only=self.organisation)
            ctx.update(dashboard=dashboard, rows=rows_display(dashboard))
            ctx["medians"] = medians_display(dashboard)
            ctx["min_municipalities"] = MIN_MUNICIPALITIES
            ctx["is_riec"] = RIEC in self.roles
        return ctx


class BenchmarkView(OrganisationMixin, TemplateView):
    """The municipality against its region, its size class and all participants."""

    permission = "benchmark.view"
    template_name = "regional/benchmark.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        comparison = compare(self.organisation)
        groups: list[dict[str, Any]] = []
        for row in comparison["rows"]:
            label = group_label(row["item"])
            if not groups or groups[-1]["label"] != label:
                groups.append({"label": label, "rows": []})
            groups[-1]["rows"].append(row_display(row))
        ctx.update(
            comparison=comparison,
            groups=groups,
            size_label=size_class_label(comparison["size_class"]),
            can_manage=self.can("benchmark.manage"),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can("benchmark.manage"):
            raise PermissionDenied
        choice = request.POST.get("choice")
        if choice == "join":
            opt_in(self.organisation, request.user)
            messages.success(request, _("De gemeente doet mee aan de benchmark."))
        elif choice == "leave" and is_participating(self.organisation):
            opt_out(self.organisation)
            messages.success(
                request,
                _("De gemeente doet niet meer mee; haar bijdrage is uit alle cijfers gehaald."),
            )
        else:
            messages.error(request, _("Kies of de gemeente meedoet of niet."))
        return HttpResponseRedirect(
            reverse("regional:benchmark", kwargs={"org": self.organisation.slug})
        )
