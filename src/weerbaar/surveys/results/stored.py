"""The stored tallies of a survey (``ResultTally``): added to by every write of final
responses, checked against the responses and rebuilt from them when they do not match.

The tallies are written in the transaction that writes the responses they count (a batch of
the field period, a paper import), so a row version of a tally never holds more than the
rows written with it: the batch's rows, which are in the database anyway. Results read the
tallies (a few rows per department) instead of every response.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.fields.json import KeyTransform

from weerbaar.surveys.models import PaperImport, ResponseSet, ResultTally, Survey
from weerbaar.surveys.types import Answers, QuestionnaireDefinition

from .tallies import (
    Tally,
    definition_hash,
    from_json,
    merge_tallies,
    questions_of,
    tally_rows,
    to_json,
)

CHUNK = 5000

Row = tuple[Answers, int | None, int | None]
"""(answers, department id, paper import id) of one final response."""


def add_responses(survey: Survey, rows: Iterable[Row]) -> None:
    """Count final responses just written into the survey's tallies. Call it in the
    transaction that writes them; the survey's tallies are locked meanwhile."""
    rows = list(rows)
    if not rows:
        return
    digest = definition_hash(survey.definition)
    stored = list(ResultTally.objects.select_for_update().filter(survey=survey).order_by("pk"))
    if any(t.definition_hash != digest for t in stored):
        ResultTally.objects.filter(survey=survey).delete()  # rebuilt when results are read
        return
    new = tally_rows(survey.definition, ((a, d) for a, d, _p in rows), (p for _a, _d, p in rows))
    by_key = {(t.department_id, t.paper_import_id): t for t in stored}
    created = []
    for tally in new:
        dep = None if tally.department is None else int(tally.department)
        key = (dep, _import_id(tally))
        row = by_key.get(key)
        if row is None:
            created.append(
                ResultTally(
                    survey=survey,
                    department_id=dep,
                    paper_import_id=_import_id(tally),
                    definition_hash=digest,
                    n=tally.n,
                    counts=to_json(tally),
                )
            )
            continue
        total = from_json(tally.department, tally.known, row.n, row.counts)
        total.add(tally)
        row.n, row.counts = total.n, to_json(total)
        row.save(update_fields=["n", "counts"])
    ResultTally.objects.bulk_create(created)


def survey_tallies(survey: Survey, *, check: bool = True) -> list[Tally]:
    """The tallies of the survey's final responses (``known``: who knows the rows, as for
    :func:`.services.submitted_rows_known`), rebuilt first if they do not match the rows."""
    digest = definition_hash(survey.definition)
    stored = list(
        ResultTally.objects.filter(survey=survey).values_list(
            "department_id", "paper_import_id", "definition_hash", "n", "counts"
        )
    )
    if check and not _matches(survey, digest, stored):
        rebuild(survey)
        return survey_tallies(survey, check=False)
    importers = dict(PaperImport.objects.filter(survey=survey).values_list("pk", "imported_by_id"))
    return [
        from_json(None if dep is None else str(dep), knower(paper, importers.get(paper)), n, counts)
        for dep, paper, _h, n, counts in stored
        if n
    ]


def _matches(survey: Survey, digest: str, stored: list[Any]) -> bool:
    """Whether the stored tallies count exactly the survey's responses (per department and
    paper import) against its current definition."""
    have: Counter[tuple[int | None, int | None]] = Counter()
    for dep, paper, h, n, _c in stored:
        if h != digest:
            return False
        have[(dep, paper)] += n
    rows = (
        ResponseSet.objects.filter(survey=survey, submitted=True)
        .values_list("department_id", "paper_import_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return +have == Counter({(dep, paper): n for dep, paper, n in rows})


def _import_id(tally: Tally) -> int | None:
    """The paper import of a tally counted for storing (``known`` is the import's id)."""
    return cast(int | None, tally.known)


def knower(paper: int | None, user: int | None) -> str | None:
    """Who knows the rows of a paper import (its importer, or the import itself when the
    importer's account is gone); ``None`` for responses given on the web."""
    if paper is None:
        return None
    return f"user:{user}" if user is not None else f"import:{paper}"


def rebuild(survey: Survey) -> None:
    """Count every final response of the survey again (chunk by chunk) into its tallies."""
    enabled = gc.isenabled()
    gc.disable()  # decoding and counting create no cycles; collection passes only cost time
    try:
        _rebuild(survey)
    finally:
        if enabled:
            gc.enable()


def _rebuild(survey: Survey) -> None:
    digest = definition_hash(survey.definition)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        ResultTally.objects.filter(survey=survey).delete()
        totals: list[Tally] = []
        for chunk in _chunks(survey):
            new = tally_rows(
                survey.definition, ((a, d) for a, d, _p in chunk), (p for _a, _d, p in chunk)
            )
            totals = merge_tallies([*totals, *new])
        ResultTally.objects.bulk_create(
            ResultTally(
                survey=survey,
                department_id=None if t.department is None else int(t.department),
                paper_import_id=_import_id(t),
                definition_hash=digest,
                n=t.n,
                counts=to_json(t),
            )
            for t in totals
        )


def decoded_chunks(
    sql: str, params: list[Any], size: int = CHUNK
) -> Iterator[list[tuple[Any, ...]]]:
    """PostgreSQL: rows of ``sql`` whose first column is a response's answers as text, a chunk
    at a time through a server-side cursor, each chunk decoded with one ``json.loads``."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(size):
            decoded = json.loads("[" + ",".join(row[0] for row in chunk) + "]")
            yield [(a, *rest) for a, (_text, *rest) in zip(decoded, chunk, strict=True)]


def _chunks(survey: Survey) -> Iterator[list[Row]]:
    """The survey's final responses, a chunk at a time (PostgreSQL: the answers as text
    through a server-side cursor, each chunk decoded at once)."""
    if connection.vendor == "postgresql":
        table = ResponseSet._meta.db_table
        sql = (
            "SELECT r.answers::text, r.department_id, r.paper_import_id "  # noqa: S608
            f'FROM "{table}" r WHERE r.survey_id = %s AND r.submitted'
        )
        yield from cast(Iterator[list[Row]], decoded_chunks(sql, [survey.pk]))
        return
    rows = ResponseSet.objects.filter(survey=survey, submitted=True).values_list(
        "answers", "department_id", "paper_import_id"
    )
    batch: list[Row] = []
    for row in rows.iterator(CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def free_texts(survey: Survey, definition: QuestionnaireDefinition) -> dict[str, list[str]]:
    """The answers to the free-text questions (as the engine counts them: every non-empty
    answer, as text), per question; read only for the coordinator's results."""
    from weerbaar.surveys.questiontypes import question_type

    out: dict[str, list[str]] = {}
    base = ResponseSet.objects.filter(survey=survey, submitted=True)
    for q in questions_of(definition):
        if question_type(q).key != "text":
            continue
        qid = q["id"]
        values: Iterable[Any] = base.filter(answers__has_key=qid).values_list(
            KeyTransform(qid, "answers"), flat=True
        )
        out[qid] = [str(v) for v in values if v or v == 0]
    return out
