"""Pages of the recommendations the rules propose (aanbevelingen): the list and the decision
on one. Viewing needs ``scan.view_work``; deciding needs ``scan.manage``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import ScopedObjectMixin

from .forms import DecisionForm
from .models import Recommendation, RecommendationStatus
from .rules.proposals import decide, run_rules
from .views import AssessmentMixin, is_htmx

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def recommendation_rows(scan: Scan, recommendations, forms: dict | None = None) -> list[dict]:
    fw = scan.framework
    rows = []
    for rec in recommendations:
        form = (forms or {}).get(rec.pk) or DecisionForm(
            prefix=f"r{rec.pk}",
            initial={"text": rec.text, "reason": rec.reason, "lock_version": rec.lock_version},
        )
        rows.append({"rec": rec, "measure": fw.measure_index.get(rec.measure_id), "form": form})
    return rows


class RecommendationListView(AssessmentMixin, TemplateView):
    template_name = "assessment/recommendations.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = ctx["scan"]
        ctx["page_title"] = _("Aanbevelingen")
        wanted = self.request.GET.get("status", "")
        recommendations = scan.recommendations.all()
        if wanted in RecommendationStatus.values:
            recommendations = recommendations.filter(status=wanted)
        else:
            wanted = ""
        ctx["rows"] = recommendation_rows(scan, recommendations)
        ctx["status_filter"] = wanted
        ctx["status_counts"] = [
            {
                "value": value,
                "label": label,
                "count": scan.recommendations.filter(status=value).count(),
            }
            for value, label in RecommendationStatus.choices
        ]
        ctx["total"] = scan.recommendations.count()
        return ctx

    def post(self, request, *args, **kwargs):
        self.require_manage()
        scan = self.get_scan()
        result = run_rules(scan)
        messages.success(
            request,
            ngettext(
                "De regels zijn toegepast: %(new)s nieuw voorstel; bestaande voorstellen en "
                "beslissingen zijn bewaard.",
                "De regels zijn toegepast: %(new)s nieuwe voorstellen; bestaande voorstellen en "
                "beslissingen zijn bewaard.",
                len(result.created),
            )
            % {"new": len(result.created)},
        )
        if not result.created:
            messages.info(request, result.why_nothing_new())
        return redirect("assessment:recommendations", org=self.organisation.slug, scan_id=scan.pk)


class RecommendationDecideView(AssessmentMixin, ScopedObjectMixin[Recommendation], TemplateView):
    """Accept (possibly with edited text) or reject (with a reason) one proposal."""

    template_name = "assessment/recommendation_detail.html"
    row_template = "assessment/_recommendation.html"
    scoped_model = Recommendation
    scoped_url_kwarg = "recommendation_id"

    def get_scoped_queryset(self):
        return Recommendation.objects.filter(scan=self.get_scan())

    def get_recommendation(self) -> Recommendation:
        # get_scoped_queryset() only yields Recommendations; the mixin returns a Model.
        return self.get_scoped_object()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rec = kwargs.get("rec") or self.get_recommendation()
        form = kwargs.get("form")
        ctx["row"] = recommendation_rows(ctx["scan"], [rec], {rec.pk: form} if form else None)[0]
        ctx["page_title"] = _("Aanbeveling")
        return ctx

    def post(self, request, *args, **kwargs):
        self.require_manage()
        rec = self.get_recommendation()
        form: DecisionForm | None  # None once the decision is stored
        form = DecisionForm(request.POST, prefix=f"r{rec.pk}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                rec = decide(
                    rec,
                    decision=data["decision"],
                    text=data["text"],
                    reason=data["reason"],
                    user=request.user,
                    expected_version=data["lock_version"],
                )
            except ValidationError as exc:
                rec.refresh_from_db()
                if getattr(exc, "code", None) == "conflict":
                    # Keep the input, now based on the stored version: deciding again is
                    # then a choice made after seeing the other decision.
                    posted = request.POST.copy()
                    posted[f"r{rec.pk}-lock_version"] = str(rec.lock_version)
                    form = DecisionForm(posted, prefix=f"r{rec.pk}")
                    form.is_valid()
                add_service_errors(form, exc)
            else:
                label = rec.get_status_display()
                if not is_htmx(request):
                    messages.success(request, _("Beslissing vastgelegd: %(s)s.") % {"s": label})
                    return redirect(
                        reverse(
                            "assessment:recommendations",
                            kwargs={"org": self.organisation.slug, "scan_id": rec.scan_id},
                        )
                        + f"#rec-{rec.pk}"
                    )
                form = None
        if is_htmx(request):
            row = recommendation_rows(self.get_scan(), [rec], {rec.pk: form} if form else None)[0]
            row["success"] = form is None
            return TemplateResponse(
                request,
                self.row_template,
                {
                    "row": row,
                    "can_edit": True,
                    "organisation": self.organisation,
                    "scan": self.get_scan(),
                },
            )
        return self.render_to_response(self.get_context_data(rec=rec, form=form))
