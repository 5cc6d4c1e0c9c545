from django.conf import settings
from django.utils import translation


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
