"""The OpenAPI document is served, valid, and documents every endpoint under /api/v1."""

from __future__ import annotations

import re

import pytest
from drf_spectacular.validation import validate_schema

from weerbaar.api.views.docs import api_schema
from weerbaar.core.urlwalk import walk

#: The documentation itself is not an endpoint of the API.
DOCUMENTATION = {"api:schema", "api:openapi", "api:docs"}


def api_paths() -> set[str]:
    return {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", url.pattern)
        for url in walk()
        if url.name and url.name.startswith("api:") and url.name not in DOCUMENTATION
    }


def test_schema_is_valid_openapi_3():
    schema = api_schema()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_endpoint_is_in_the_schema():
    paths = api_paths()
    assert len(paths) >= 15
    documented = set(api_schema()["paths"])
    assert paths - documented == set()
    assert documented - paths == set()


def test_every_operation_documents_problem_errors():
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            for code in ("401", "403", "404", "429"):
                content = operation["responses"][code]["content"]
                assert "application/problem+json" in content, (path, method, code)


@pytest.mark.django_db
def test_schema_is_served_without_a_token(client):
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json") or response[
        "Content-Type"
    ].startswith("application/json")
    assert response.json()["info"]["version"] == "1.0.0"
    assert response["API-Version"] == "1.0.0"
    assert client.get("/api/v1/openapi.json").json()["paths"]
    assert client.get("/api/v1/schema?format=yaml").content.startswith(b"openapi: 3")


@pytest.mark.django_db
def test_docs_page_lists_the_endpoints(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "incident-statistics" in body and "<script" not in body.split("</head>")[1]


def test_schema_generates_without_warnings(tmp_path):
    """As ``weerbaar spectacular --validate --fail-on-warn`` (raises on any warning)."""
    from django.core.management import call_command

    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text(encoding="utf-8").startswith("openapi: 3")
