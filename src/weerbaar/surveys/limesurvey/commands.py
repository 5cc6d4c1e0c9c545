"""The ``weerbaar survey import-lss`` and ``import-lss-responses`` subcommands.

* ``import-lss FILE --org ORG [--audience staff|council|bestuur] [--dry-run] [--format json]``:
  what the structure file becomes (created / changed / not imported), and unless
  ``--dry-run`` the organisation's new questionnaire;
* ``import-lss-responses FILE --survey ID [--dry-run] [--format json]``: the responses of
  a LimeSurvey export as paper responses of the survey (all or nothing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

ACTIONS = ("import-lss", "import-lss-responses")
FORMATS = ("text", "json")


def add_parsers(sub: Any) -> None:
    """Add the LimeSurvey subcommands to the ``survey`` command's subparsers."""
    lss = sub.add_parser("import-lss", help="Import a LimeSurvey survey structure (.lss).")
    lss.add_argument("file", help="The .lss file")
    lss.add_argument("--org", required=True, help="Slug of the organisation")
    lss.add_argument("--audience", default="staff", choices=("staff", "council", "bestuur"))
    lss.add_argument("--dry-run", action="store_true", help="Only show what would be created")
    lss.add_argument("--format", dest="fmt", default="text", choices=FORMATS)
    answers = sub.add_parser(
        "import-lss-responses", help="Import a LimeSurvey response export (CSV, answer codes)."
    )
    answers.add_argument("file", help="The CSV file (question code headings, answer codes)")
    answers.add_argument("--survey", required=True, type=int, help="Id of the survey")
    answers.add_argument("--dry-run", action="store_true", help="Only check, store nothing")
    answers.add_argument("--format", dest="fmt", default="text", choices=FORMATS)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from None


def handle(command: BaseCommand, action: str, options: dict[str, Any]) -> None:
    if action == "import-lss":
        _import_lss(command, options)
    else:
        _import_responses(command, options)


def _import_lss(command: BaseCommand, options: dict[str, Any]) -> None:
    from weerbaar.organisations.models import Organisation

    from .reader import LssError
    from .services import create_questionnaire, preview

    organisation = Organisation.objects.filter(slug=options["org"]).first()
    if organisation is None:
        raise CommandError(f"Organisation {options['org']!r} does not exist.", returncode=2)
    try:
        result = preview(_read(options["file"]), options["audience"])
    except (LssError, ValidationError) as exc:
        raise CommandError(exc.messages[0], returncode=1) from None
    payload = result.as_dict()
    payload["dry_run"] = bool(options["dry_run"])
    payload["organisation"] = organisation.slug
    if result.ok and not options["dry_run"]:
        questionnaire = create_questionnaire(organisation, result.source)
        payload["questionnaire"]["pk"] = questionnaire.pk
    if options["fmt"] == "json":
        command.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_report(command, payload)
    if not result.ok:
        raise CommandError("The converted questionnaire does not validate.", returncode=1)


def _print_report(command: BaseCommand, payload: dict[str, Any]) -> None:
    source = payload["source"]
    info = payload["questionnaire"]
    write = command.stdout.write
    write(
        f"LimeSurvey {source['limesurvey']} (DBVersion {source['db_version']}), "
        f"language {source['language']} of {', '.join(source['languages'])}"
    )
    verb = "Would create" if payload["dry_run"] else "Created"
    write(f"{verb}: {info['title']!r}: {info['pages']} pages, {info['questions']} questions")
    for item in payload["created"]:
        write(
            f"  + {item['question']} ({item['type']}) from {item['from_code']} "
            f"({item['from_type']}) on {item['page']}"
        )
    for key, title in (("changed", "Changed"), ("not_imported", "Not imported")):
        if payload[key]:
            write(f"{title}:")
            for item in payload[key]:
                write(f"  - {item['code'] or '(survey)'}: {item['message']}")
    for problem in payload["problems"]:
        write(f"Problem: {problem}")


def _import_responses(command: BaseCommand, options: dict[str, Any]) -> None:
    from weerbaar.surveys.models import Survey

    from .responses import import_responses

    survey = Survey.objects.filter(pk=options["survey"]).first()
    if survey is None:
        raise CommandError(f"Survey {options['survey']} does not exist.", returncode=2)
    path = options["file"]
    report = import_responses(survey, _read(path), Path(path).name, dry_run=options["dry_run"])
    if options["fmt"] == "json":
        command.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        verb = "Would import" if options["dry_run"] else "Imported"
        if report.ok:
            command.stdout.write(f"{verb} {report.created} responses into survey {survey.pk}.")
        for column, reason in report.ignored:
            command.stdout.write(f"  column {column}: not imported ({reason})")
        for line, reason in report.skipped:
            command.stdout.write(f"  line {line}: skipped ({reason})")
        for line, column, message in report.notes:
            command.stdout.write(f"  line {line} {column}: {message}")
        for line, column, message in report.errors:
            command.stdout.write(f"  line {line} {column}: ERROR {message}")
    if not report.ok:
        raise CommandError("Nothing was imported: the file has errors.", returncode=1)
