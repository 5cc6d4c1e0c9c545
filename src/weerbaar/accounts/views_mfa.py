"""The second factor: enrolment, the check at log-in, recovery codes and passkeys."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from weerbaar.core.public import public_view

from . import mfa
from .forms import CodeForm
from .mfa import passkeys, recovery, totp

NEW_CODES_KEY = "weerbaar_new_recovery_codes"
CHALLENGE_KEY = "weerbaar_webauthn_challenge"


def next_url(request: HttpRequest) -> str:
    """Where to go once the second factor passed: a safe ``next``, else the start page."""
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(request: HttpRequest, name: str) -> str:
    return reverse(name) + "?" + urlencode({REDIRECT_FIELD_NAME: next_url(request)})


def _passed(request: HttpRequest, method: str) -> None:
    request.session.cycle_key()
    mfa.mark_second_factor_verified(request, method)


def _may_add_factor(request: HttpRequest) -> bool:
    """A new factor needs a passed second factor, unless the user has none yet (enrolment)."""
    return mfa.is_verified(request) or not mfa.has_second_factor(request.user)


def relying_party(request: HttpRequest) -> passkeys.RelyingParty:
    """This site as WebAuthn relying party; the host was checked against ALLOWED_HOSTS."""
    host = request.get_host()
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return passkeys.RelyingParty(rp_id=hostname.strip("[]"), origin=f"{request.scheme}://{host}")


@method_decorator(login_required, name="dispatch")
class EnrolView(View):
    """First log-in: set up an authenticator app (or a passkey) before anything else."""

    weerbaar_public = True

    def dispatch(self, request, *args, **kwargs):
        if mfa.has_second_factor(request.user):
            if mfa.is_verified(request):
                return redirect(next_url(request))
            return redirect(_with_next(request, "accounts:mfa_verify"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        device = totp.pending_device(request.user)
        if form.is_valid():
            if totp.confirm(device, form.cleaned_data["code"]):
                _passed(request, "totp")
                request.session[NEW_CODES_KEY] = recovery.new_codes(request.user)
                return redirect(_with_next(request, "accounts:mfa_recovery_codes"))
            form.add_error(
                "code",
                _(
                    "Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat "
                    "en probeer de nieuwe code."
                ),
            )
        return self.show(request, form)

    def show(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        device = totp.pending_device(request.user)
        return render(
            request,
            "accounts/mfa_enrol.html",
            {
                "form": form,
                "qr_code": totp.qr_data_uri(device),
                "secret": totp.secret_text(device),
                "next": next_url(request),
            },
        )


@method_decorator(login_required, name="dispatch")
class VerifyView(View):
    """Later log-ins: a code from the app, a recovery code or a passkey."""

    weerbaar_public = True

    def dispatch(self, request, *args, **kwargs):
        if mfa.is_verified(request):
            return redirect(next_url(request))
        if not mfa.has_second_factor(request.user):
            return redirect(_with_next(request, "accounts:mfa_enrol"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if totp.looks_like_code(code):
                if totp.verify(request.user, code):
                    _passed(request, "totp")
                    return redirect(next_url(request))
            elif recovery.use(request.user, code):
                _passed(request, "recovery")
                left = recovery.remaining(request.user)
                messages.warning(
                    request,
                    _(
                        "U heeft een herstelcode gebruikt; er zijn er nog %(count)s over. "
                        "Maak nieuwe codes aan via Tweede factor."
                    )
                    % {"count": left},
                )
                return redirect(next_url(request))
            form.add_error(
                "code",
                _("Deze code klopt niet. Probeer de nieuwe code uit uw app of een herstelcode."),
            )
        return self.show(request, form)

    def show(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        return render(
            request,
            "accounts/mfa_verify.html",
            {
                "form": form,
                "has_passkey": passkeys.of_user(request.user).exists(),
                "next": next_url(request),
            },
        )


@public_view
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once (they are stored only as digests)."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes or not mfa.is_verified(request):
        return redirect(next_url(request))
    return render(
        request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url(request)}
    )


class ManageView(LoginRequiredMixin, View):
    """The user's own second factors: passkeys, new recovery codes."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "accounts/mfa_manage.html",
            {
                "has_app": totp.confirmed_device(request.user) is not None,
                "passkeys": passkeys.of_user(request.user).order_by("created_at"),
                "codes_left": recovery.remaining(request.user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        request.session[NEW_CODES_KEY] = recovery.new_codes(request.user)
        return redirect(
            reverse("accounts:mfa_recovery_codes")
            + "?"
            + urlencode({REDIRECT_FIELD_NAME: reverse("accounts:mfa_manage")})
        )


def _challenge(request: HttpRequest) -> bytes | None:
    stored = request.session.pop(CHALLENGE_KEY, None)
    return base64.b64decode(stored) if isinstance(stored, str) else None


def _options_response(request: HttpRequest, options: passkeys.Options) -> HttpResponse:
    request.session[CHALLENGE_KEY] = base64.b64encode(options.challenge).decode()
    return HttpResponse(options.json, content_type="application/json")


@public_view
@login_required
@require_POST
def passkey_register_options(request: HttpRequest) -> HttpResponse:
    if not _may_add_factor(request):
        return HttpResponseBadRequest()
    return _options_response(
        request, passkeys.registration_options(request.user, relying_party(request))
    )


@public_view
@login_required
@require_POST
def passkey_register(request: HttpRequest) -> HttpResponse:
    challenge = _challenge(request)
    if challenge is None or not _may_add_factor(request):
        return JsonResponse({"error": _("De sleutel kon niet worden toegevoegd.")}, status=400)
    first = not mfa.has_second_factor(request.user)
    name = _("Toegangssleutel %(number)s") % {"number": passkeys.of_user(request.user).count() + 1}
    try:
        passkeys.register(
            request.user, request.body.decode(), challenge, relying_party(request), name
        )
    except (passkeys.PasskeyError, UnicodeDecodeError):
        return JsonResponse({"error": _("De sleutel kon niet worden toegevoegd.")}, status=400)
    if first:
        _passed(request, "webauthn")
        request.session[NEW_CODES_KEY] = recovery.new_codes(request.user)
        return JsonResponse({"next": _with_next(request, "accounts:mfa_recovery_codes")})
    return JsonResponse({"next": reverse("accounts:mfa_manage")})


@public_view
@login_required
@require_POST
def passkey_login_options(request: HttpRequest) -> HttpResponse:
    return _options_response(
        request, passkeys.authentication_options(request.user, relying_party(request))
    )


@public_view
@login_required
@require_POST
def passkey_login(request: HttpRequest) -> HttpResponse:
    challenge = _challenge(request)
    failed = JsonResponse({"error": _("Inloggen met de sleutel is niet gelukt.")}, status=400)
    if challenge is None:
        return failed
    try:
        passkeys.authenticate(
            request.user, request.body.decode(), challenge, relying_party(request)
        )
    except (passkeys.PasskeyError, UnicodeDecodeError):
        return failed
    _passed(request, "webauthn")
    return JsonResponse({"next": next_url(request)})
