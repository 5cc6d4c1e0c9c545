"""The coordinator's page for API tokens: create one (shown once), see when each was last
used, revoke it. Every creation and revocation is in the audit log (audited model)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin

from .. import tokens
from ..forms import TokenForm
from ..models import ApiToken


class TokenListView(OrganisationMixin, FormView):
    permission = tokens.MANAGE
    template_name = "api/tokens.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = timezone.now()
        ctx["tokens"] = list(tokens.organisation_tokens(self.organisation))
        for token in ctx["tokens"]:
            token.expired = token.expires_at <= now
        ctx["page_title"] = _("API-sleutels")
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created = tokens.create_token(
                self.organisation,
                name=data["name"],
                scopes=list(data["scopes"]),
                expires_on=data["expires_on"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        # Shown on this response only: the token is not stored and cannot be shown again.
        return self.render_to_response(
            self.get_context_data(form=self.get_form_class()(), created=created)
        )


class TokenRevokeView(ScopedObjectMixin[ApiToken], View):
    permission = tokens.MANAGE
    scoped_model = ApiToken
    scoped_url_kwarg = "apitoken_id"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = tokens.revoke_token(self.get_scoped_object(), user=request.user)
        messages.success(request, _("De sleutel „%(name)s” is ingetrokken.") % {"name": token.name})
        return redirect("api_tokens:list", org=self.organisation.slug)
