from django.conf import settings
from django.http import HttpRequest

from weerbaar import __version__


def platform(request: HttpRequest) -> dict:
    """Values every page may show: demo banner, version."""
    return {"DEMO_MODE": settings.DEMO_MODE, "WEERBAAR_VERSION": __version__}
