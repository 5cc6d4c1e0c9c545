"""Coordinator pages for survey results, response rate, invitations, exports and import.

All views are scoped (``OrganisationMixin``) to the survey's organisation; results show
nothing under the organisation's k. No insider gets row-level data or free text here: the
exports are the suppressed results tables and the (empty) codebook of the paper import;
free texts and the research file are in ``weerbaar.disclosure``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from weerbaar.audit.services import record_read
from weerbaar.organisations.views_mixins import OrganisationMixin, get_scoped_object_or_404

from . import exports, imports, invitations
from .fieldwork import results_released
from .models import Survey, SurveyMode, SurveyStatus
from .results.overview import build_overview
from .results.permissions import register as register_permissions
from .results.previous import previous_survey
from .results.services import response_rates, survey_results

register_permissions()


EXPORTS = {
    "resultaten-csv": ("results", "csv"),
    "resultaten-xlsx": ("results", "xlsx"),
    "codeboek-csv": ("codebook", "csv"),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SurveyResultsMixin(OrganisationMixin):
    permission = "survey.results"

    def get_survey(self) -> Survey:
        if not hasattr(self, "_survey"):
            self._survey = get_scoped_object_or_404(
                Survey.objects.select_related("scan__organisation", "questionnaire"),
                self.organisation,
                pk=self.kwargs["survey_id"],
            )
        return self._survey

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        ctx["survey"] = survey
        ctx["scan"] = survey.scan
        ctx["k"] = survey.effective_k  # fixed when the survey opened
        ctx["can_raw"] = self.can("survey.raw")
        ctx["can_invite"] = self.can("survey.fieldwork")
        return ctx


class ResultsView(SurveyResultsMixin, TemplateView):
    """Results of one survey as an overview: notable findings, a table of contents, per
    question a chart with its numbers as a table, department cross-tabs and the previous
    scan's figures beside them when the previous scan fielded the same questionnaire."""

    template_name = "surveys/results/results.html"

    def get_template_names(self) -> list[str]:
        if not results_released(self.get_survey()):
            return ["surveys/results/not_released.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not results_released(self.get_survey()):  # during the field period: counts only
            ctx["rates"] = response_rates(self.get_survey())
            return ctx
        # Free texts are never on this page (see weerbaar.disclosure: detached, after closing).
        results = survey_results(self.get_survey(), include_texts=False)
        record_read(self.request, self.get_survey(), "survey_results")
        ctx["results"] = results
        previous = previous_survey(self.get_survey())
        previous_results = None
        if previous is not None:
            previous_results = survey_results(previous, include_texts=False)
            record_read(self.request, previous, "survey_results")
            ctx["previous_survey"] = previous
        ctx["overview"] = build_overview(
            results,
            self.get_survey().definition,
            previous_results,
            previous.scan.title if previous is not None else "",
        )
        ctx["exports"] = [(key, label) for key, label in _export_labels()]
        return ctx


def _export_labels():
    return [
        ("resultaten-csv", gettext_lazy("Resultaten (CSV)")),
        ("resultaten-xlsx", gettext_lazy("Resultaten (Excel)")),
        ("codeboek-csv", gettext_lazy("Codeboek voor de papieren import (CSV)")),
    ]


class ResponseRateView(SurveyResultsMixin, TemplateView):
    template_name = "surveys/results/response_rate.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rates"] = response_rates(self.get_survey())
        return ctx


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class _FileForm(forms.Form):
    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Het bestand is groter dan 10 MB."))
        return f


class UploadForm(_FileForm):
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV of Excel)"),
        help_text=gettext_lazy(
            "Eén e-mailadres per regel; optioneel een tweede kolom met de afdeling."
        ),
    )


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Aantal links"), min_value=1, max_value=invitations.MAX_LINKS
    )
    output = forms.ChoiceField(
        label=gettext_lazy("Als"),
        choices=[("page", gettext_lazy("Afdrukbare pagina")), ("csv", gettext_lazy("CSV"))],
    )


class ImportForm(_FileForm):
    file = forms.FileField(label=gettext_lazy("Bestand (CSV of Excel, indeling als de export)"))


class InvitationsView(SurveyResultsMixin, TemplateView):
    """Invitations: upload addresses, generate links, send invitations and reminders."""

    permission = "survey.fieldwork"
    template_name = "surveys/results/invitations.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        ctx.setdefault("upload_form", UploadForm())
        ctx.setdefault("links_form", LinksForm(initial={"count": 20, "output": "page"}))
        ctx["is_personal"] = survey.mode == SurveyMode.PERSONAL
        ctx["is_open"] = survey.status == SurveyStatus.OPEN
        ctx["is_closed"] = survey.status == SurveyStatus.CLOSED
        ctx["unsent"] = invitations.unsent(survey).count()
        ctx["with_email"] = survey.invitations.exclude(email=None).count()
        ctx["rates"] = response_rates(survey)
        return ctx

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        action = request.POST.get("action")
        try:
            if action == "upload":
                return self._upload(request, survey)
            if action == "links":
                return self._links(request, survey)
            if action == "send":
                n = invitations.send_invitations(survey)
                messages.success(request, _("%(n)s uitnodigingen verstuurd.") % {"n": n})
            elif action == "remind":
                n = invitations.send_reminders(survey)
                messages.success(request, _("%(n)s herinneringen verstuurd.") % {"n": n})
            else:
                messages.error(request, _("Onbekende actie."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        except OSError:
            messages.error(
                request,
                _(
                    "De mailserver is niet bereikbaar. Er is niets verstuurd dat niet is gemeld; "
                    "probeer het later opnieuw."
                ),
            )
        return redirect(request.path)

    def _upload(self, request, survey):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=form))
        f = form.cleaned_data["file"]
        try:
            parsed = invitations.read_address_file(f.read(), f.name, self.organisation)
            added, existing = invitations.add_invitations(survey, parsed.rows)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self.render_to_response(self.get_context_data(upload_form=form))
        return self.render_to_response(
            self.get_context_data(
                upload_result={
                    "added": added,
                    "existing": existing,
                    "errors": parsed.errors,
                    "duplicates": parsed.duplicates,
                }
            )
        )

    def _links(self, request, survey):
        form = LinksForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(links_form=form))
        links = invitations.generate_links(survey, form.cleaned_data["count"])
        if form.cleaned_data["output"] == "csv":
            response = HttpResponse(
                invitations.links_csv(links), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="links.csv"'
            response["Cache-Control"] = "no-store"
            return response
        response = self.response_class(
            request=request,
            template="surveys/results/links_print.html",
            context={**self.get_context_data(), "links": links},
        )
        response["Cache-Control"] = "no-store"
        return response


class ExportView(SurveyResultsMixin, TemplateView):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        kind = kwargs["export_kind"]
        if kind not in EXPORTS:
            raise Http404
        what, fmt = EXPORTS[kind]
        survey = self.get_survey()
        if what == "results" and not results_released(survey):
            messages.info(request, _("De resultaten verschijnen zodra het veldwerk is gesloten."))
            return redirect(
                "survey_results:results", org=self.organisation.slug, survey_id=survey.pk
            )
        if what == "results":
            content = exports.results_export(survey, fmt)
        else:
            # The layout of the paper import: variables and codes, no answers at all.
            content = exports.to_csv(exports.codebook_rows(exports.import_codebook(survey)))
        record_read(request, survey, "survey_export", {"kind": kind})
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="enquete-{survey.pk}-{kind.rsplit("-", 1)[0]}.{fmt}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class ImportView(SurveyResultsMixin, TemplateView):
    """Import of paper questionnaires in the export layout: all or nothing."""

    permission = "survey.fieldwork"
    template_name = "surveys/results/import.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", ImportForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        f = form.cleaned_data["file"]
        result = imports.import_responses(
            self.get_survey(), f.read(), f.name, imported_by=request.user
        )
        if result.ok:
            messages.success(
                request, _("%(n)s ingevulde vragenlijsten geïmporteerd.") % {"n": result.created}
            )
        return self.render_to_response(
            self.get_context_data(form=ImportForm() if result.ok else form, result=result)
        )
