"""Platform beheer of accounts: resetting a user's second factor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .forms import SecondFactorResetForm
from .mfa.reset import reset_second_factor


class SecondFactorResetView(LoginRequiredMixin, UserPassesTestMixin, View):
    """The platform beheerder removes a user's second factor (lost phone or key)."""

    def test_func(self) -> bool:
        return self.request.user.is_superuser

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, SecondFactorResetForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SecondFactorResetForm(request.POST)
        if form.is_valid():
            user = get_user_model().objects.filter(email=form.cleaned_data["email"]).first()
            if user is None:
                form.add_error("email", _("Er is geen gebruiker met dit e-mailadres."))
            else:
                mailed = reset_second_factor(user, by=request.user)
                messages.success(
                    request,
                    _(
                        "De tweede factor van %(email)s is gewist; bij de volgende keer inloggen "
                        "stelt deze gebruiker een nieuwe in."
                    )
                    % {"email": user.email},
                )
                if not mailed:
                    messages.warning(
                        request,
                        _(
                            "De e-mail aan de gebruiker kon niet worden verstuurd. "
                            "Laat het de gebruiker op een andere manier weten."
                        ),
                    )
                return redirect("accounts:mfa_admin_reset")
        return self.show(request, form)

    def show(self, request: HttpRequest, form: SecondFactorResetForm) -> HttpResponse:
        return render(request, "accounts/mfa_admin_reset.html", {"form": form})
