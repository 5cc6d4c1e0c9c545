"""Pages of repeat scans (herhaalmeting): starting one, and comparing it with the one before."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.assessment.models import AssessmentStatus
from weerbaar.core.forms import add_service_errors
from weerbaar.core.text import translate
from weerbaar.scans.views import ScanMixin

from ..charts import line_chart
from ..comparison import ResultsCache, compare_scans, trends
from ..forms import RepeatScanForm
from ..repeat import NOT_REPEATABLE, can_repeat, start_repeat_scan


class RepeatScanView(ScanMixin, FormView):
    """Start a herhaalmeting from this scan."""

    permission = "scan.manage"
    template_name = "actions/repeat_form.html"
    form_class = RepeatScanForm

    def get_initial(self):
        scan = self.get_scan()

        def next_year(d):
            try:
                return d.replace(year=d.year + 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year + 1, day=28)

        return {
            "title": _("Herhaalmeting %(year)s") % {"year": scan.period_start.year + 1},
            "period_start": next_year(scan.period_start),
            "period_end": next_year(scan.period_end),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_repeat"] = can_repeat(self.get_scan())
        ctx["not_repeatable"] = NOT_REPEATABLE
        return ctx

    def form_valid(self, form):
        if not can_repeat(self.get_scan()):
            form.add_error(None, NOT_REPEATABLE)
            return self.form_invalid(form)
        try:
            result = start_repeat_scan(self.get_scan(), user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "De herhaalmeting is aangemaakt: %(p)s processen, %(f)s functies, "
                "%(a)s beoordelingen en %(s)s vragenlijsten overgenomen om te herzien."
            )
            % {
                "p": result.registers.get("processes", 0),
                "f": result.registers.get("functions", 0),
                "a": result.assessment_items,
                "s": result.surveys,
            },
        )
        return redirect("scans:detail", org=self.organisation.slug, scan_id=result.scan.pk)


class ComparisonView(ScanMixin, TemplateView):
    """This scan against the previous one, and trends over three or more scans."""

    permission = "scan.view_work"
    template_name = "actions/comparison.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = self.get_scan()
        previous = scan.previous_scan
        ctx["previous"] = previous
        cache: ResultsCache = {}
        if previous is not None:
            ctx["comparison"] = compare_scans(previous, scan, cache=cache)
            status_labels = dict(AssessmentStatus.choices)
            for n in ctx["comparison"].norms:
                n.previous_label = status_labels.get(n.previous_status, n.previous_status)
                n.current_label = status_labels.get(n.current_status, n.current_status)
                n.comparable = [i for i in n.survey_items if i.interval is not None]
                n.not_comparable = len(n.survey_items) - len(n.comparable)
        trend = trends(scan, cache=cache)
        ctx["trend"] = trend
        if len(trend.scans) >= 3:
            year_labels = [str(s.period_start.year) for s in trend.scans]
            ctx["dimension_chart"] = line_chart(
                "trend-dim",
                _("Aandeel normen dat voldoet, per dimensie"),
                _("Lijngrafiek over %(n)s scans; dezelfde cijfers staan in de tabel eronder.")
                % {"n": len(trend.scans)},
                year_labels,
                [(translate(s.label), s.values) for s in trend.dimensions],
            )
            ctx["trend_labels"] = year_labels
            phases = {p["level"]: translate(p["name"]) for p in scan.framework.maturity_phases}
            if any(v is not None for s in trend.pillars for v in s.values):
                ctx["pillar_chart"] = line_chart(
                    "trend-pillar",
                    _("Volwassenheidsfase per RIEC-pijler"),
                    _("Lijngrafiek over %(n)s scans; dezelfde fasen staan in de tabel eronder.")
                    % {"n": len(trend.scans)},
                    year_labels,
                    [(translate(s.label), s.values) for s in trend.pillars],
                    y_min=1,
                    y_max=max(phases or {4: ""}),
                    ticks=[(level, f"{level} {name}") for level, name in sorted(phases.items())],
                )
                for series in trend.pillars:
                    series.phase_names = [
                        phases.get(v, "–") if v is not None else _("nog niet beoordeeld")
                        for v in series.values
                    ]
        return ctx
