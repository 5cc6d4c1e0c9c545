"""The OpenAPI 3 document (``/api/v1/schema``) and a documentation page made from it on the
server (no scripts or assets from elsewhere: the Content-Security-Policy allows none)."""

from __future__ import annotations

import functools
from typing import Any

from django.utils.translation import get_language
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView

from weerbaar.core.public import public_view

from ..problems import API_VERSION

METHODS = ("get", "post", "put", "patch", "delete")


def api_schema() -> dict[str, Any]:
    """The OpenAPI document of the API, as served (built once per process and language: the
    documentation page is public and should not cost a schema generation per request)."""
    return _schema(get_language())


@functools.lru_cache(maxsize=4)
def _schema(language: str | None) -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


@public_view
class SchemaView(SpectacularAPIView):
    """The OpenAPI document: public (it holds no data), JSON by default, YAML on request."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    throttle_classes: list[type] = []
    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the document, for the page: method, path, summary, scopes."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "path_segments": path.strip("/").split("/"),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [p["name"] for p in op.get("parameters", [])],
                }
            )
    return found


@public_view
class DocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        schema = api_schema()
        ctx["info"] = schema.get("info", {})
        ctx["operations"] = operations(schema)
        ctx["page_title"] = "API"
        return ctx
