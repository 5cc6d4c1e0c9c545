"""Coordinator page: import a LimeSurvey survey structure (``.lss``) as an own questionnaire.

Two steps on one page: the upload is converted and validated and the report shown (what is
created, changed and not imported), nothing stored; confirming creates the questionnaire.
Between the steps the converted questionnaire travels signed in the form, so a failed
confirmation shows the report again without a new upload.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from weerbaar.core.forms import add_service_errors
from weerbaar.core.uploads import max_upload_bytes
from weerbaar.organisations.views_mixins import OrganisationMixin

from .limesurvey.reader import LssError
from .limesurvey.services import check_file, create_questionnaire, preview
from .models import Audience

SALT = "weerbaar.surveys.limesurvey-import"
MAX_AGE = 6 * 60 * 60  # a report may be confirmed for six hours


class LssUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("LimeSurvey-bestand (.lss)"),
        help_text=gettext_lazy(
            "Exporteer in LimeSurvey de vragenlijststructuur (.lss). U ziet eerst wat er "
            "wordt overgenomen; pas na bevestigen wordt de vragenlijst gemaakt."
        ),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Doelgroep"), choices=Audience.choices, initial=Audience.STAFF
    )


class LssConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class LimeSurveyImportView(OrganisationMixin, FormView):
    """Upload an ``.lss``, see the report, confirm to create the questionnaire."""

    permission = "scan.manage"
    template_name = "surveys/limesurvey/import.html"
    form_class = LssUploadForm

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if "payload" in request.POST:
            return self.confirm(LssConfirmForm(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: LssUploadForm) -> Any:
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max_upload_bytes():  # refused before it is read into memory
                check_file(upload.read(max_upload_bytes() + 1))
            result = preview(upload.read(), form.cleaned_data["audience"])
        except (LssError, ValidationError) as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        payload = signing.dumps(
            {
                "org": self.organisation.pk,
                "source": result.source,
                "report": result.as_dict(),
                "name": upload.name[:200],
            },
            salt=SALT,
            compress=True,
        )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=result.as_dict(),
                valid=result.ok,
                name=upload.name,
                confirm_form=LssConfirmForm(initial={"payload": payload}),
            )
        )

    def confirm(self, confirm_form: LssConfirmForm) -> Any:
        data = None
        if confirm_form.is_valid():
            try:
                data = signing.loads(
                    confirm_form.cleaned_data["payload"], salt=SALT, max_age=MAX_AGE
                )
            except signing.BadSignature:
                data = None
        if not isinstance(data, dict) or data.get("org") != self.organisation.pk:
            return self.render_to_response(
                self.get_context_data(
                    form=self.get_form_class()(),
                    upload_error=_(
                        "De upload is verlopen of gewijzigd. Upload het .lss-bestand opnieuw."
                    ),
                )
            )
        try:
            questionnaire = create_questionnaire(self.organisation, data["source"])
        except ValidationError as exc:
            confirm_form.add_error(None, exc.messages[0])
            return self.render_to_response(
                self.get_context_data(
                    form=self.get_form_class()(),
                    report=data["report"],
                    valid=False,
                    name=data["name"],
                    confirm_form=confirm_form,
                )
            )
        messages.success(
            self.request,
            _("De vragenlijst “%(title)s” is uit LimeSurvey overgenomen.")
            % {"title": questionnaire.title},
        )
        return redirect(
            "surveys:questionnaire", org=self.organisation.slug, questionnaire_id=questionnaire.pk
        )
