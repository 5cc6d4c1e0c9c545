"""LimeSurvey question types mapped onto the nearest Weerbaar question type.

One function per LimeSurvey type letter (``CONVERTERS``); each returns the Weerbaar
questions it makes (none, one or several), registers the variables routing may name, and
reports what it changed or left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from weerbaar.surveys.i18n import untranslated
from weerbaar.surveys.types import Option, Question

from .common import OTHER_VALUE, joined, wb_id
from .context import Context, Target
from .reader import LssAnswer, LssQuestion

Made = list[Question]


def _base(q: LssQuestion, ctx: Context, qtype: str, qid: str | None = None) -> Question:
    question: Question = {
        "id": qid or wb_id(q.code),
        "type": qtype,
        "text": ctx.text(q.texts, q.code, q.code),
    }
    help_text = ctx.optional_text(q.helps)
    if help_text:
        question["help"] = help_text
    if q.mandatory:
        question["required"] = True
    return question


def _options(q: LssQuestion, ctx: Context, answers: list[LssAnswer]) -> list[Option]:
    return [{"value": wb_id(a.code), "label": ctx.text(a.texts, a.code)} for a in answers]


def _other_option(q: LssQuestion, ctx: Context) -> Option:
    label = ctx.attribute_text(q, "other_replace_text") or ctx.label(
        gettext_noop("Andere, namelijk")
    )
    return {"value": OTHER_VALUE, "label": label, "other": True}


def _text_question(q: LssQuestion, qid: str, text: Any, limit: int) -> Question:
    """An open question made from (part of) ``q``, required where ``q`` is."""
    question: Question = {"id": qid, "type": "text", "text": text, "max_length": limit}
    if q.mandatory:
        question["required"] = True
    return question


def _max_length(q: LssQuestion, default: int) -> int:
    try:
        value = int(q.attribute("maximum_chars") or default)
    except ValueError:
        value = default
    return max(1, min(value, 20000))


def _sub_text(ctx: Context, q: LssQuestion, sub: LssQuestion) -> Any:
    """ "Question — subquestion" as one text, for a question made from one subquestion."""
    head = ctx.text(q.texts, q.code)
    tail = ctx.text(sub.texts, sub.code)
    return {lang: f"{head[lang]} — {tail[lang]}" for lang in head}


# ----------------------------------------------------------------------------- lists


def list_choice(q: LssQuestion, ctx: Context) -> Made:
    """L (radio), ! (dropdown), O (with comment): one answer from the options."""
    answers = q.options()
    if not answers:
        ctx.report.not_imported(q.code, _("De lijstvraag heeft geen antwoordopties."))
        return []
    question = _base(q, ctx, "single")
    options = _options(q, ctx, answers)
    values = {a.code: wb_id(a.code) for a in answers}
    if q.other:
        options.append(_other_option(q, ctx))
        values["-oth-"] = OTHER_VALUE
        ctx.register(q, "other", Target(question["id"], "text"))
    question["options"] = options
    ctx.register(q, "", Target(question["id"], "values", values=values))
    made = [question]
    if q.type == "!":
        ctx.report.changed(q.code, _("Keuzelijst (dropdown) wordt een lijst met keuzerondjes."))
    if q.type == "O":
        comment = _text_question(
            q, joined(q.code, "comment"), ctx.label(gettext_noop("Toelichting")), 2000
        )
        comment.pop("required", None)
        made.append(comment)
        ctx.register(q, "comment", Target(comment["id"], "text"))
        ctx.report.changed(q.code, _("De opmerking bij de lijstvraag wordt een aparte open vraag."))
    return made


def yes_no(q: LssQuestion, ctx: Context) -> Made:
    question = _base(q, ctx, "single")
    question["options"] = [
        {"value": "Y", "label": ctx.label(gettext_noop("Ja"))},
        {"value": "N", "label": ctx.label(gettext_noop("Nee"))},
    ]
    ctx.register(q, "", Target(question["id"], "values", values={"Y": "Y", "N": "N"}))
    return [question]


def gender(q: LssQuestion, ctx: Context) -> Made:
    question = _base(q, ctx, "single")
    question["options"] = [
        {"value": "F", "label": ctx.label(gettext_noop("Vrouw"))},
        {"value": "M", "label": ctx.label(gettext_noop("Man"))},
    ]
    ctx.register(q, "", Target(question["id"], "values", values={"F": "F", "M": "M"}))
    ctx.report.changed(
        q.code,
        _(
            "Een vraag naar het geslacht maakt kleine groepen herkenbaar; overweeg of deze "
            "vraag nodig is."
        ),
    )
    return [question]


def five_point(q: LssQuestion, ctx: Context) -> Made:
    question = _base(q, ctx, "likert")
    codes = [str(i) for i in range(1, 6)]
    question["options"] = [{"value": wb_id(c), "label": untranslated(c)} for c in codes]
    target = Target(question["id"], "values", values={c: wb_id(c) for c in codes})
    ctx.register(q, "", target)
    return [question]


def multiple_choice(q: LssQuestion, ctx: Context) -> Made:
    """M (multiple choice) and P (with comments): check boxes."""
    subs = q.subs()
    if not subs:
        ctx.report.not_imported(q.code, _("De meerkeuzevraag heeft geen opties."))
        return []
    question = _base(q, ctx, "multiple")
    exclusive = set(q.attribute("exclude_all_others").replace(",", ";").split(";"))
    options: list[Option] = []
    for sub in subs:
        option: Option = {"value": wb_id(sub.code), "label": ctx.text(sub.texts, sub.code)}
        if sub.code in exclusive:
            option["exclusive"] = True
        options.append(option)
        ctx.register(q, sub.code, Target(question["id"], "contains", option=option["value"]))
    if q.other:
        options.append(_other_option(q, ctx))
        ctx.register(q, "other", Target(question["id"], "contains", option=OTHER_VALUE))
    question["options"] = options
    made = [question]
    if q.type == "P":
        for sub in subs:
            comment = _text_question(
                q, joined(q.code, sub.code, "comment"), _sub_text(ctx, q, sub), 2000
            )
            comment.pop("required", None)
            made.append(comment)
            ctx.register(q, f"{sub.code}comment", Target(comment["id"], "text"))
        ctx.report.changed(
            q.code, _("De opmerkingen per optie worden aparte open vragen, zonder routering.")
        )
    return made


# ----------------------------------------------------------------------------- arrays

FIXED_SCALES: dict[str, list[tuple[str, str]]] = {
    "C": [("Y", gettext_noop("Ja")), ("U", gettext_noop("Onzeker")), ("N", gettext_noop("Nee"))],
    "E": [
        ("I", gettext_noop("Toename")),
        ("S", gettext_noop("Gelijk")),
        ("D", gettext_noop("Afname")),
    ],
}


def _rows(q: LssQuestion, ctx: Context, scale: int = 0) -> list[dict[str, Any]]:
    return [{"id": wb_id(s.code), "text": ctx.text(s.texts, s.code)} for s in q.subs(scale)]


def array(q: LssQuestion, ctx: Context) -> Made:
    """F, H, A, B, C, E: statements each answered on one scale."""
    rows = _rows(q, ctx)
    if not rows:
        ctx.report.not_imported(q.code, _("De matrixvraag heeft geen subvragen."))
        return []
    if q.type == "B":
        question = _base(q, ctx, "grade_matrix")
        question.update({"rows": rows, "min": 1, "max": 10})  # type: ignore[typeddict-item]
        for sub in q.subs():
            target = Target(question["id"], "numeric", row=wb_id(sub.code))
            target.scale = list(range(1, 11))
            ctx.register(q, sub.code, target)
        return [question]
    question = _base(q, ctx, "matrix")
    if q.type == "A":
        codes: list[tuple[str, Any]] = [(str(i), untranslated(str(i))) for i in range(1, 6)]
    elif q.type in FIXED_SCALES:
        codes = [(code, ctx.label(label)) for code, label in FIXED_SCALES[q.type]]
    else:
        answers = q.options()
        if not answers:
            ctx.report.not_imported(q.code, _("De matrixvraag heeft geen antwoordopties."))
            return []
        codes = [(a.code, ctx.text(a.texts, a.code)) for a in answers]
    scale: list[Option] = [{"value": wb_id(code), "label": label} for code, label in codes]
    question.update({"rows": rows, "scale": scale})  # type: ignore[typeddict-item]
    values = {code: wb_id(code) for code, _label in codes}
    for sub in q.subs():
        ctx.register(q, sub.code, Target(question["id"], "values", wb_id(sub.code), values))
    if q.type == "H":
        ctx.report.changed(
            q.code, _("De matrix per kolom wordt een gewone matrix (stellingen als rijen).")
        )
    return [question]


def dual_scale(q: LssQuestion, ctx: Context) -> Made:
    """1: two scales per statement become two matrices with the same rows."""
    made: Made = []
    for scale_id in (0, 1):
        answers = q.options(scale_id)
        rows = _rows(q, ctx)
        if not answers or not rows:
            continue
        header = ctx.attribute_text(q, f"dualscale_header{'AB'[scale_id]}")
        question = _base(q, ctx, "matrix", joined(q.code, str(scale_id + 1)))
        if header:
            question["text"] = {
                lang: f"{text} ({header[lang]})" for lang, text in question["text"].items()
            }
        question["rows"] = rows  # type: ignore[typeddict-item]
        question["scale"] = _options(q, ctx, answers)
        values = {a.code: wb_id(a.code) for a in answers}
        for sub in q.subs():
            target = Target(question["id"], "values", wb_id(sub.code), values)
            ctx.register(q, f"{sub.code}_{scale_id}", target)
            ctx.by_field[(q.qid, f"{sub.code}#{scale_id}")] = target
        made.append(question)
    if made:
        ctx.report.changed(q.code, _("De matrix met twee schalen wordt twee matrixvragen."))
    else:
        ctx.report.not_imported(q.code, _("De matrix met twee schalen heeft geen opties."))
    return made


def array_cells(q: LssQuestion, ctx: Context) -> Made:
    """; (texts) and : (numbers): one open or number question per cell."""
    made: Made = []
    for row in q.subs(0):
        for column in q.subs(1):
            qid = joined(q.code, row.code, column.code)
            text = _sub_text(ctx, q, row)
            col = ctx.text(column.texts, column.code)
            text = {lang: f"{text[lang]} — {col[lang]}" for lang in text}
            if q.type == ";":
                question = _text_question(q, qid, text, 2000)
                ctx.register(q, f"{row.code}_{column.code}", Target(qid, "text"))
            else:
                question = {"id": qid, "type": "number", "text": text}
                _bounds(q, question, ("multiflexible_min", "multiflexible_max"))
                ctx.register(q, f"{row.code}_{column.code}", Target(qid, "numeric"))
            made.append(question)
    if made:
        ctx.report.changed(
            q.code,
            _("De matrix met invulvelden wordt één vraag per cel (%(n)s vragen).")
            % {"n": len(made)},
        )
    else:
        ctx.report.not_imported(
            q.code, _("De matrix met invulvelden heeft geen rijen of kolommen.")
        )
    return made


def ranking(q: LssQuestion, ctx: Context) -> Made:
    """R: each item gets its rank (1 = first) in a matrix of whole numbers."""
    answers = q.options()
    if len(answers) < 2:
        ctx.report.not_imported(q.code, _("De rangschikvraag heeft minder dan twee items."))
        return []
    question = _base(q, ctx, "grade_matrix")
    question["rows"] = [{"id": wb_id(a.code), "text": ctx.text(a.texts, a.code)} for a in answers]
    question["min"], question["max"] = 1, len(answers)
    ctx.report.changed(
        q.code,
        _(
            "De rangschikking wordt een matrix waarin elk item een plaats (1 = eerste) krijgt; "
            "dat elke plaats maar één keer voorkomt, wordt niet afgedwongen."
        ),
    )
    for a in answers:
        target = Target(question["id"], "numeric", row=wb_id(a.code))
        target.scale = list(range(1, len(answers) + 1))
        ctx.register(q, a.code, target)
    return [question]


# ----------------------------------------------------------------------------- input


def numeric(q: LssQuestion, ctx: Context) -> Made:
    question = _base(q, ctx, "number")
    _bounds(q, question)
    ctx.register(q, "", Target(question["id"], "numeric"))
    return [question]


def _number(value: str) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _bounds(
    q: LssQuestion,
    question: Question,
    attributes: tuple[str, str] = ("min_num_value_n", "max_num_value_n"),
) -> None:
    """``min`` and ``max`` from the question's attributes, where they are numbers."""
    low, high = (_number(q.attribute(a)) for a in attributes)
    if low is not None:
        question["min"] = low
    if high is not None and (low is None or high >= low):
        question["max"] = high


def multiple_numeric(q: LssQuestion, ctx: Context) -> Made:
    made: Made = []
    for sub in q.subs():
        qid = joined(q.code, sub.code)
        question: Question = {"id": qid, "type": "number", "text": _sub_text(ctx, q, sub)}
        _bounds(q, question)
        made.append(question)
        ctx.register(q, sub.code, Target(qid, "numeric"))
    if made:
        ctx.report.changed(q.code, _("Elk getalveld wordt een aparte getalvraag."))
    else:
        ctx.report.not_imported(q.code, _("De vraag heeft geen invulvelden."))
    return made


def free_text(q: LssQuestion, ctx: Context) -> Made:
    defaults = {"S": 255, "T": 2000, "U": 20000}
    question = _base(q, ctx, "text")
    question["max_length"] = _max_length(q, defaults.get(q.type, 2000))
    ctx.register(q, "", Target(question["id"], "text"))
    return [question]


def multiple_short_text(q: LssQuestion, ctx: Context) -> Made:
    made: Made = []
    for sub in q.subs():
        qid = joined(q.code, sub.code)
        made.append(_text_question(q, qid, _sub_text(ctx, q, sub), _max_length(q, 255)))
        ctx.register(q, sub.code, Target(qid, "text"))
    if made:
        ctx.report.changed(q.code, _("Elk tekstveld wordt een aparte open vraag."))
    else:
        ctx.report.not_imported(q.code, _("De vraag heeft geen tekstvelden."))
    return made


def date(q: LssQuestion, ctx: Context) -> Made:
    question = _base(q, ctx, "text")
    question["max_length"] = 40
    ctx.register(q, "", Target(question["id"], "text"))
    ctx.report.changed(
        q.code, _("Weerbaar kent geen datumvraag: de datum wordt een open antwoord.")
    )
    return [question]


def not_imported(message: str) -> Callable[[LssQuestion, Context], Made]:
    def convert(q: LssQuestion, ctx: Context) -> Made:
        ctx.report.not_imported(q.code, _(message))
        return []

    return convert


CONVERTERS: dict[str, Callable[[LssQuestion, Context], Made]] = {
    "L": list_choice,
    "!": list_choice,
    "O": list_choice,
    "M": multiple_choice,
    "P": multiple_choice,
    "F": array,
    "H": array,
    "A": array,
    "B": array,
    "C": array,
    "E": array,
    "1": dual_scale,
    ";": array_cells,
    ":": array_cells,
    "5": five_point,
    "N": numeric,
    "K": multiple_numeric,
    "S": free_text,
    "T": free_text,
    "U": free_text,
    "Q": multiple_short_text,
    "R": ranking,
    "Y": yes_no,
    "G": gender,
    "D": date,
    "*": not_imported(
        gettext_noop("Een vergelijking (berekende waarde) kan Weerbaar niet overnemen.")
    ),
    "I": not_imported(
        gettext_noop("Een taalkeuzevraag is niet nodig: Weerbaar toont de gekozen taal.")
    ),
    "|": not_imported(
        gettext_noop("Weerbaar neemt geen bestanden aan in een enquête (bestandsupload).")
    ),
}
"""LimeSurvey type letter -> converter. ``X`` (boilerplate) becomes page text in
:mod:`.convert`; an unknown letter is listed as not imported there."""
