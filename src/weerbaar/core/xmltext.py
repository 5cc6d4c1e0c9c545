"""Text that XML can hold, for output (DOCX, XLSX) and as it is read in.

XML 1.0 (and so every Office document) cannot hold the C0 control characters other than
tab, line feed and carriage return, lone surrogates, or U+FFFE and U+FFFF. A writer that
meets one of them fails, so every DOCX and XLSX writer passes its text through
:func:`xml_safe`. At input, :func:`clean_text` keeps such characters (and the C1 controls,
which make no sense in typed text either) out of what is stored; the middleware
:class:`CleanTextInputMiddleware` applies it to every submitted form field.

Vertical tab and form feed become a line break: word processors use them for a manual line
or page break, so that is what the writer meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

#: What XML 1.0 cannot hold.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: At input, the C1 controls and DEL go too.
_NOT_INPUT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAK = {"\x0b": "\n", "\x0c": "\n"}


def _replace(match: re.Match[str]) -> str:
    return _BREAK.get(match.group(), "")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (vertical tab, form feed: new line)."""
    return _NOT_XML.sub(_replace, text)


def xml_safe_value[T](value: T) -> T:
    """A table cell made XML-safe: text cleaned, numbers and other values unchanged."""
    if isinstance(value, str):
        return xml_safe(value)  # type: ignore[return-value]  # str in, str out
    return value


def clean_text(text: str) -> str:
    """Typed text as it is stored: no control characters but tab and line breaks."""
    return _NOT_INPUT.sub(_replace, text)


class CleanTextInputMiddleware:
    """Submitted form fields (``request.POST``) and the query string (``request.GET``) pass
    through :func:`clean_text`.

    One rule at the boundary, so every form and every view that reads ``request.POST``
    gets text that can be stored, shown and exported; uploaded files are not touched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Query strings too: search and filter fields reach the database as well.
        if any(_NOT_INPUT.search(v) for _key, values in request.GET.lists() for v in values):
            request.GET = _cleaned(request.GET)  # type: ignore[assignment]
        if request.method == "POST":
            post = request.POST
            if any(_NOT_INPUT.search(v) for _key, values in post.lists() for v in values):
                request.POST = _cleaned(post)  # type: ignore[assignment]  # read-only in stubs
        return self.get_response(request)


def _cleaned(data: QueryDict) -> QueryDict:
    cleaned = data.copy()
    for key, values in data.lists():
        cleaned.setlist(key, [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned
