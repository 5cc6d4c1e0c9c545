"""Pagination with ``page`` and ``page_size`` and links to the other pages (HAL ``_links``)."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class Pagination(PageNumberPagination):
    page_query_param = "page"
    page_size_query_param = "page_size"
    page_size = 20
    max_page_size = 100

    def _link(self, number: int | None) -> dict[str, str] | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return {"href": remove_query_param(url, self.page_query_param)}
        return {"href": replace_query_param(url, self.page_query_param, number)}

    def get_paginated_response(self, data: Any) -> Response:
        page = self.page
        last = page.paginator.num_pages
        links = {
            "self": self._link(page.number),
            "first": self._link(1),
            "prev": self._link(page.previous_page_number() if page.has_previous() else None),
            "next": self._link(page.next_page_number() if page.has_next() else None),
            "last": self._link(last),
        }
        return Response(
            {
                "_links": {k: v for k, v in links.items() if v is not None},
                "count": page.paginator.count,
                "page": page.number,
                "page_size": page.paginator.per_page,
                "results": data,
            },
            headers={"X-Total-Count": str(page.paginator.count)},
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {
            "type": "object",
            "properties": {"href": {"type": "string", "format": "uri"}},
            "required": ["href"],
        }
        return {
            "type": "object",
            "required": ["_links", "count", "page", "page_size", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": {k: link for k in ("self", "first", "prev", "next", "last")},
                },
                "count": {"type": "integer", "example": 1},
                "page": {"type": "integer", "example": 1},
                "page_size": {"type": "integer", "example": 20},
                "results": schema,
            },
        }
