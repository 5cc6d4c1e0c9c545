from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from weerbaar.core.public import is_public

from . import mfa


class LanguageMiddleware:
    """Dutch first: the language is Dutch unless the user chose another one.

    The choice comes from the account (logged-in users) or the language cookie (everyone,
    including anonymous respondents); the browser's Accept-Language is not used, so a
    Dutch municipality's pages never switch language by accident.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            language = user.language
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecondFactorMiddleware:
    """Logged-in sessions reach nothing but the log-in pages until the second factor passed.

    Allowed without it: views marked public (log-in, log-out, language switch, password reset,
    the second-factor pages themselves, respondents' survey links) and static files. Any other
    request goes to enrolment (no second factor yet) or to the check (one enrolled).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_public(view_func):
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if mfa.second_factor_satisfied(request):
            return None
        target = "accounts:mfa_verify" if mfa.has_second_factor(user) else "accounts:mfa_enrol"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return HttpResponseRedirect(url)
