"""Pages where the organisation sets up log-in through its own identity provider.

The coördinator (and the platform beheerder) edit the configuration and the claim rules
(``organisation.manage``); the gemeentesecretaris sees them and confirms rules that grant a
role needing a second person (``members.view``, then :func:`weerbaar.oidc.rules.may_confirm`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin

from . import client, rules
from .forms import ConfigurationForm, RuleActionForm, RuleForm
from .models import ClaimRule, ClientSecret, Configuration


class SettingsView(OrganisationMixin, TemplateView):
    """The provider's details and the claim rules that grant roles."""

    permission = "members.view"
    template_name = "oidc/settings.html"

    def configuration_form(self, data: Any = None) -> ConfigurationForm:
        configuration = rules.configuration_of(self.organisation) or Configuration(
            organisation=self.organisation
        )
        has_secret = (
            configuration.pk is not None
            and ClientSecret.objects.filter(configuration=configuration).exists()
        )
        return ConfigurationForm(data, instance=configuration, has_secret=has_secret)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        configuration = rules.configuration_of(self.organisation)
        ctx.setdefault("form", self.configuration_form())
        ctx.setdefault("rule_form", RuleForm())
        ctx["may_manage"] = self.can(rules.MANAGE_PERMISSION)
        ctx["configuration"] = configuration
        ctx["rules"] = [
            {"rule": rule, "may_confirm": rules.may_confirm(self.request.user, rule)}
            for rule in (configuration.rules.all() if configuration else [])
        ]
        ctx["callback_url"] = client.callback_url(
            configuration or Configuration(organisation=self.organisation)
        )
        return ctx

    def require_manage(self) -> None:
        if not self.can(rules.MANAGE_PERMISSION):
            raise PermissionDenied

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_manage()
        form = self.configuration_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        rules.save_configuration(
            form.save(commit=False), client_secret=form.cleaned_data["client_secret"]
        )
        messages.success(request, _("De gegevens zijn opgeslagen."))
        return redirect("oidc:settings", org=self.organisation.slug)


class RuleAddView(SettingsView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_manage()
        configuration = rules.configuration_of(self.organisation)
        if configuration is None:
            messages.error(request, _("Sla eerst de gegevens van de identiteitsprovider op."))
            return redirect("oidc:settings", org=self.organisation.slug)
        rule_form = RuleForm(request.POST)
        if rule_form.is_valid():
            try:
                rule = rules.add_rule(configuration, by=request.user, **rule_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(rule_form, exc)
            else:
                if rule.confirmed_at is None:
                    messages.success(
                        request,
                        _(
                            "De regel is toegevoegd. Hij geldt pas als de gemeentesecretaris of "
                            "een andere scancoördinator hem bevestigt."
                        ),
                    )
                else:
                    messages.success(request, _("De regel is toegevoegd."))
                return redirect("oidc:settings", org=self.organisation.slug)
        return self.render_to_response(self.get_context_data(rule_form=rule_form))


class _RuleActionView(SettingsView):
    http_method_names = ["post"]

    def rule(self) -> ClaimRule:
        form = RuleActionForm(self.request.POST)
        if not form.is_valid():
            raise Http404
        return get_object_or_404(
            ClaimRule, pk=form.cleaned_data["rule"], configuration__organisation=self.organisation
        )


class RuleConfirmView(_RuleActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rules.confirm_rule(self.rule(), by=request.user)
        messages.success(request, _("De regel is bevestigd en geldt vanaf nu."))
        return redirect("oidc:settings", org=self.organisation.slug)


class RuleRemoveView(_RuleActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rules.remove_rule(self.rule(), by=request.user)
        messages.success(
            request,
            _("De regel is verwijderd. Rollen die hij gaf, vervallen bij de volgende inlog."),
        )
        return redirect("oidc:settings", org=self.organisation.slug)
