"""Additions to the generated OpenAPI document: the problem+json errors every operation can
answer with, and the ``API-Version`` header of every answer (Dutch API Design Rules)."""

from __future__ import annotations

from typing import Any

from .problems import API_VERSION, CONTENT_TYPE

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not Found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}
ERRORS = {
    "400": "Invalid input or query parameter.",
    "401": "No token, or a token that is invalid, expired or revoked.",
    "403": "The token lacks the scope this operation needs.",
    "404": "Not found, or not of the token's organisation.",
    "429": "Too many requests for this token; see Retry-After.",
}
VERSION_HEADER = {
    "description": "The full version of the API.",
    "schema": {"type": "string", "example": API_VERSION},
}


def add_problems_and_version(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook (see SPECTACULAR_SETTINGS)."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    problem_ref = {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(code, {"description": text})
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = problem_ref
                    response["description"] = response.get("description") or ERRORS.get(code, "")
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = {
                    "$ref": "#/components/headers/API-Version"
                }
    return result
