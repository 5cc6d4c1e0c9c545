from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from weerbaar.core.public import public_view

from .forms import DutchPasswordResetForm, LoginForm
from .throttling import reset_request_allowed


class LoginView(auth_views.LoginView):
    weerbaar_public = True
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["demo_mode"] = settings.DEMO_MODE
        return ctx


class LogoutView(auth_views.LogoutView):
    weerbaar_public = True


@public_view
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; a logged-in user's choice is remembered on the account."""
    response = django_set_language(request)
    lang = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and lang in dict(settings.LANGUAGES):
        user.language = lang
        user.save(update_fields=["language"])
    return response


class PasswordResetView(auth_views.PasswordResetView):
    weerbaar_public = True
    form_class = DutchPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/reset.txt"
    subject_template_name = "accounts/mail/reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Over the limit: the same neutral page, but no e-mail.
        if not reset_request_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    weerbaar_public = True
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    weerbaar_public = True
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    weerbaar_public = True
    template_name = "accounts/password_reset_complete.html"
