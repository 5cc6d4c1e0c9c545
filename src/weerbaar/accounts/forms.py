from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .emails import normalise_email


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord is onbekend. Controleer uw invoer."
        ),
        "inactive": _("Dit account is niet actief."),
    }

    def clean_username(self) -> str:
        # One spelling per account, so that throttling counts every spelling together.
        return normalise_email(self.cleaned_data.get("username"))


class WelcomeForm(PasswordResetForm):
    """Sends a new account its 'set your password' link (reuses the reset token flow)."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(
            email=normalise_email(email), is_active=True
        )


class DutchPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class CodeForm(forms.Form):
    """A code from the authenticator app (or, when checking, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SecondFactorResetForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de gebruiker"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])
