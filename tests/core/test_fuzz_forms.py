"""Every form and upload of every app, filled with hostile values, never gives a server error.

The test walks the URL configuration (as the isolation test does), requests each page as the
coordinator of Gemeente Voorbeeld (and the respondent pages with a real link), reads the
forms in the HTML — inputs, text areas, selects, file inputs, submit buttons — and submits
values that hypothesis generates: any unicode, control characters, huge strings, numbers out
of range, malformed dates, and malformed files (empty, truncated ZIP, a decompression bomb,
the wrong type, a CSV with a huge field). Each submission runs in a savepoint that is rolled
back, with the session cookie restored, so every form meets the demo data as it was.

Asserted: no status 500, and no English Django default message on a page that shows errors
(the site speaks Dutch). New forms are covered without editing this test. Run time is
bounded by ``FUZZ_EXAMPLES`` generated submissions per distinct form (default 5). The
generated values are derandomised (the same examples in every run, so a failure is
reproduced by running the test again); ``FUZZ_RANDOM=1`` draws new ones.
"""

from __future__ import annotations

import copy
import html
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.core.test_uploads import xlsx_bomb
from weerbaar.core.scoping import scoped
from weerbaar.core.urlkwargs import registered_kwargs, scoped_model_for_kwarg
from weerbaar.core.urlwalk import kwarg_names, named_urls
from weerbaar.surveys import services as survey_services
from weerbaar.surveys.models import Questionnaire, SurveyMode

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
DERANDOMIZE = not os.environ.get("FUZZ_RANDOM")
#: Forms whose submission changes the client itself rather than data (tested elsewhere).
SKIPPED_ACTIONS = ("accounts:logout",)

# ----------------------------------------------------------------------------- the forms


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea", "select", "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def signature(self) -> tuple:
        path = re.sub(r"/\d+/", "/N/", urlsplit(self.action).path)
        names = {re.sub(r"\d+", "N", f.name) for f in self.fields}  # one card of many
        return (self.method, path, tuple(sorted(names)))


class FormParser(HTMLParser):
    """The forms of a page, with their fields (fields outside a form are ignored)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.by_id: dict[str, Form] = {}
        self.included: list[tuple[str, str]] = []  # (hx-post outside a form, hx-include)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag != "form" and a.get("hx-post"):
            self.included.append((a["hx-post"], a.get("hx-include", "")))
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or a.get("hx-get") or self.page
            method = (
                "post" if (a.get("method", "get").lower() == "post" or "hx-post" in a) else "get"
            )
            self.form = Form(self.page, urljoin(self.page, action.split("#")[0]), method)
            self.forms.append(self.form)
            if a.get("id"):
                self.by_id[a["id"]] = self.form
            return
        if self.form is None or "name" not in a or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "reset"):
                kind = "button" if kind == "submit" else kind
            self.form.fields.append(Field(name, kind, a.get("value", "")))
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self.form.fields.append(Field(name, "button", a.get("value", "")))
        elif tag == "textarea":
            self.textarea = Field(name, "textarea")
            self.form.fields.append(self.textarea)
        elif tag == "select":
            self.select = Field(name, "select", multiple="multiple" in a)
            self.form.fields.append(self.select)
        if tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_of(page: str, body: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(body)
    forms = list(parser.forms)
    # An element that posts (htmx) the fields of a form it includes, e.g. a live preview.
    for action, include in parser.included:
        source = parser.by_id.get(include.removeprefix("#"))
        fields = list(source.fields) if source else []
        forms.append(Form(page, urljoin(page, action), "post", fields))
    return forms


# ----------------------------------------------------------------------------- hostile values

NASTY = [
    "",
    " ",
    "\x00",
    "\x01\x0b\x0c tekst",
    "a\x1fb\x7f\x85",
    "\ufffe\uffff",
    "\u202eomgekeerd",
    "😀" * 50,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%(x)s{0}",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-0.0000001",
    "99999999999999999999999999",
    "2024-02-30",
    "0000-00-00",
    "31-12-2024",
    "9999-12-31T25:61",
    "x" * 70_000,
    "\n" * 5000,
]
TEXT = st.one_of(st.text(max_size=300), st.sampled_from(NASTY))
NUMBER = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    TEXT,
)
DATE = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(["2024-02-30", "0001-01-01", "9999-12-31", "2024-13-01T00:00", "morgen"]),
    TEXT,
)


def _docx() -> bytes:
    import io

    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


_bomb: list[bytes] = []


def _the_bomb() -> bytes:
    if not _bomb:
        _bomb.append(xlsx_bomb(550))
    return _bomb[0]


PAYLOADS = {
    "empty": lambda: b"",
    "truncated-zip": lambda: _docx()[:300],
    "bomb": _the_bomb,
    "docx": _docx,
    "exe": lambda: b"MZ\x90\x00" + b"\x00" * 200,
    "html": lambda: b"<!doctype html><script>alert(1)</script>",
    "pdf": lambda: b"%PDF-1.4\n%%EOF\n",
    "csv": lambda: b"email;afdeling\nanna@voorbeeld.nl;Afdeling 1\n",
    "csv-huge-field": lambda: b"email\n" + b"x" * (200 * 1024) + b"\n",
    "csv-binary": lambda: bytes(range(256)) * 8,
}
FILE_NAMES = [
    "bestand.xlsx",
    "bestand.csv",
    "bestand.pdf",
    "bestand.docx",
    "naam\x01met\x0bstuurtekens.pdf",
    'aanhalings"teken;.pdf',
    "x" * 400 + ".pdf",
    "../../etc/passwd",
    "geen-extensie",
]
FILES = st.builds(
    lambda name, payload: SimpleUploadedFile(name, PAYLOADS[payload]()),
    st.sampled_from(FILE_NAMES),
    st.sampled_from(sorted(PAYLOADS)),
)


def value_strategy(f: Field, group: list[Field]) -> st.SearchStrategy:
    """Values for one field name (``group``: every field of the form with that name)."""
    if f.kind == "file":
        return st.one_of(st.none(), FILES.map(lambda v: [v]))
    if f.kind in ("checkbox", "radio"):
        values = [g.value for g in group]
        return st.one_of(
            st.none(),
            st.lists(st.sampled_from(values), max_size=len(values)),
            TEXT.map(lambda v: [v]),
        )
    if f.kind == "select":
        choices = st.sampled_from(f.options) if f.options else TEXT
        junk = TEXT.map(lambda v: [v])
        if f.multiple:
            return st.one_of(st.lists(st.one_of(choices, TEXT), max_size=4), junk)
        return st.one_of(choices.map(lambda v: [v]), junk, st.none())
    if f.kind == "hidden":
        # Mostly as the page gave it (it picks the branch of the view), sometimes hostile.
        return st.one_of(st.just([f.value]), st.just([f.value]), TEXT.map(lambda v: [v]))
    if f.kind == "number":
        return st.one_of(NUMBER.map(lambda v: [v]), st.none())
    if f.kind in ("date", "datetime-local", "time", "month"):
        return st.one_of(DATE.map(lambda v: [v]), st.none())
    return st.one_of(TEXT.map(lambda v: [v]), st.none(), st.just([f.value]))


def form_data(form: Form) -> st.SearchStrategy[dict]:
    groups: dict[str, list[Field]] = {}
    buttons = [f for f in form.fields if f.kind == "button"]
    for f in form.fields:
        if f.kind not in ("button", "reset", "image") and f.name != "csrfmiddlewaretoken":
            groups.setdefault(f.name, []).append(f)
    token = next((f.value for f in form.fields if f.name == "csrfmiddlewaretoken"), None)
    strategies = {name: value_strategy(group[0], group) for name, group in groups.items()}

    @st.composite
    def build(draw) -> dict:
        data: dict = {}
        for name, strategy in strategies.items():
            value = draw(strategy)
            if value is not None:
                data[name] = value
        if buttons:
            button = draw(st.sampled_from(buttons))
            data.setdefault(button.name, [button.value])
        if token:
            data["csrfmiddlewaretoken"] = token
        return data

    return build()


# ----------------------------------------------------------------------------- English leaks


def english_default_messages() -> list[str]:
    """Django's own form and model messages in English (the fixed part before a placeholder)."""
    import django.core.validators as validators
    import django.db.models.fields as model_fields
    import django.forms.fields as form_fields
    import django.forms.models as form_models

    messages: set = set()
    for module in (form_fields, form_models, model_fields):
        for obj in vars(module).values():
            messages.update(getattr(obj, "default_error_messages", {}).values())
    for obj in vars(validators).values():
        if isinstance(obj, type) and getattr(obj, "message", None):
            messages.add(obj.message)
    out = []
    with override("en"):
        for message in messages:
            text = re.split(r"%\(|%s|\{", str(message))[0].strip()
            if len(text) >= 12:
                out.append(text)
    return sorted(set(out))


# ----------------------------------------------------------------------------- the walk


def fill(pattern: str, organisation, extra: dict) -> dict | None:
    registry = registered_kwargs()
    values = {}
    for name in kwarg_names(pattern):
        if name == "org":
            values[name] = organisation.slug
        elif name in extra:
            values[name] = extra[name]
        elif name in registry:
            values[name] = registry[name](organisation)
        else:
            model = scoped_model_for_kwarg(name)
            if model is None:
                return None
            obj = scoped(model._default_manager.all(), [organisation]).order_by("pk").first()
            if obj is None:
                return None
            values[name] = obj.pk
    return values


def respondent_kwargs(organisation, user) -> dict:
    scan = organisation.scans.order_by("period_start").first()
    staff = Questionnaire.objects.get(key="medewerkers", organisation=None)
    council = Questionnaire.objects.get(key="raadsleden", organisation=None)
    personal = survey_services.open_survey(
        survey_services.create_survey(scan=scan, questionnaire=staff, title="Fuzz persoonlijk")
    )
    open_link = survey_services.open_survey(
        survey_services.create_survey(
            scan=scan, questionnaire=council, mode=SurveyMode.OPEN, title="Fuzz open"
        )
    )
    _invitation, token = survey_services.new_invitation(personal)
    return {
        "survey_id": personal.pk,
        "token": token,
        "code": open_link.open_code,
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
    }


def start_answering(client: Client, extra: dict) -> None:
    """Start both respondent links, so that their question pages show their forms."""
    for name, kwarg in (("respond:personal_intro", "token"), ("respond:open_intro", "code")):
        url = reverse(name, kwargs={kwarg: extra[kwarg]})
        for form in forms_of(url, client.get(url).content.decode()):
            if urlsplit(form.action).path == url:
                client.post(url, {f.name: f.value for f in form.fields})


def pages(organisation, extra: dict) -> tuple[list[str], list[str]]:
    urls, unfilled = [], []
    for url in named_urls():
        kwargs = fill(url.pattern, organisation, extra)
        if kwargs is None:
            unfilled.append(url.pattern)
            continue
        if url.name in SKIPPED_ACTIONS:
            continue
        urls.append(reverse(url.name, kwargs=kwargs))
    return urls, unfilled


@pytest.mark.django_db
def test_no_form_or_upload_gives_a_server_error(voorbeeld, client_for, user_for):
    """Pages as the coordinator; the platform pages the coordinator may not see as beheerder."""
    clients = [client_for("coordinator"), client_for("beheerder")]
    for c in clients:
        c.raise_request_exception = False
    extra = respondent_kwargs(voorbeeld, user_for("coordinator"))
    start_answering(clients[0], extra)
    skipped_paths = {reverse(name) for name in SKIPPED_ACTIONS}
    urls, unfilled = pages(voorbeeld, extra)
    assert len(urls) > 40 and not unfilled, unfilled
    english = english_default_messages()
    assert "This field is required." in english

    failures: list[str] = []
    seen: set = set()
    forms: list[tuple[Client, Form]] = []
    for url in urls:
        for client in clients:
            response = client.get(url, follow=True)
            if response.status_code != 403:
                break
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.request["PATH_INFO"]
        for form in forms_of(page, response.content.decode(errors="replace")):
            if form.signature() in seen or urlsplit(form.action).path in skipped_paths:
                continue
            seen.add(form.signature())
            forms.append((client, form))
    assert len(forms) > 30, [f.action for _c, f in forms]

    for client, form in forms:
        submit_form(client, form, english, failures)

    print(f"fuzzed {len(forms)} forms on {len(urls)} pages; {len(failures)} failures")
    assert not failures, "\n".join(failures[:40])


def send(client: Client, form: Form, data: dict, english: list[str]) -> str | None:
    """Submit ``data`` in a savepoint that is rolled back; what went wrong, if anything."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        if form.method == "post":
            response = client.post(form.action, data)
        else:
            response = client.get(form.action, data)
        transaction.set_rollback(True)
    client.cookies = cookies
    summary = {k: repr(v)[:80] for k, v in data.items() if k != "csrfmiddlewaretoken"}
    where = f"{form.method.upper()} {form.action} (from {form.page}) {summary}"
    if response.status_code >= 500:
        return f"{where}: {response.status_code}"
    if "text/html" in response.get("Content-Type", "") and not response.streaming:
        body = html.unescape(response.content.decode(errors="replace"))
        leaks = [m for m in english if m in body]
        if leaks:
            return f"{where}: English message {leaks[:2]}"
    return None


def profiles(form: Form) -> list[dict]:
    """Fixed fillings that every form gets: control characters in what the page gave, every
    field huge, out of range or empty, and each malformed file in each file input."""
    token = next((f.value for f in form.fields if f.name == "csrfmiddlewaretoken"), None)
    given: dict[str, list] = {}
    for f in form.fields:
        if f.kind in ("checkbox", "radio") and f.name in given:
            continue
        if f.kind == "select":
            given[f.name] = [f.options[-1]] if f.options else [""]
        elif f.kind != "file":
            given[f.name] = [f.value]
    typed = [f.name for f in form.fields if f.kind not in ("hidden", "button", "file")]
    files = [f.name for f in form.fields if f.kind == "file"]
    dates = [f.name for f in form.fields if f.kind in ("date", "datetime-local", "month")]
    out = [
        {**given, **{n: [f"{given[n][0]}\x01\x0b\x0c\x00 tekst"] for n in typed}},
        {**given, **dict.fromkeys(typed, ["x" * 70_000])},
        {**given, **dict.fromkeys(typed, ["99999999999999999999"])},
        {**given, **dict.fromkeys(typed, ["-1"])},
        {**given, **dict.fromkeys(typed, [""])},
    ]
    # The calendar's edges: a period that ends on the last day there is, or starts on the first.
    for edge in ("9999-12-31", "0001-01-01"):
        if dates:
            out.append({**given, **dict.fromkeys(dates, [edge])})
    # A form without fields to type in gets the same filling five times: send it once.
    unique: dict[str, dict] = {}
    for data in out:
        unique.setdefault(repr(sorted(data.items())), data)
    out = list(unique.values())
    for name in files:
        for payload, make in PAYLOADS.items():
            extension = {"docx": "docx", "exe": "exe", "html": "pdf", "pdf": "pdf"}.get(
                payload, "csv" if payload.startswith("csv") else "xlsx"
            )
            upload = SimpleUploadedFile(f"bestand\x01.{extension}", make())
            out.append({**given, name: [upload]})
    for data in out:
        data.pop("csrfmiddlewaretoken", None)
        if token:
            data["csrfmiddlewaretoken"] = token
    return out


def submit_form(client: Client, form: Form, english: list[str], failures: list[str]) -> None:
    """Submit the fixed fillings and ``EXAMPLES`` generated ones; record what went wrong."""
    for data in profiles(form):
        failure = send(client, form, data, english)
        if failure:
            failures.append(failure)

    @settings(
        max_examples=EXAMPLES,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
        derandomize=DERANDOMIZE,
    )
    @given(data=form_data(form))
    def submit(data: dict) -> None:
        failure = send(client, form, data, english)
        if failure:
            failures.append(failure)

    submit()
