"""Reading a LimeSurvey survey structure file (``.lss``) into plain records.

The file is XML with one element per database table (``<questions>``, ``<answers>``, ...),
each holding ``<rows><row>`` with one child per column. LimeSurvey 2.x and 3.x keep the texts
in the rows themselves (one row per language); 4.x and later keep them in separate
``*_l10ns`` tables. Both layouts are read into the same records, with the texts per language.

The XML is parsed with :mod:`defusedxml`: a document type declaration, entity (an "XML
bomb") or external reference is refused before anything is expanded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Texts = dict[str, str]  # language code -> text
Row = dict[str, str]

DUTCH = ("nl", "nl-informal")


@dataclass
class LssAnswer:
    code: str
    order: int
    scale: int
    texts: Texts = field(default_factory=dict)


@dataclass
class LssQuestion:
    qid: str
    gid: str
    type: str
    code: str
    order: int
    scale: int = 0
    other: bool = False
    mandatory: bool = False
    relevance: str = ""
    texts: Texts = field(default_factory=dict)
    helps: Texts = field(default_factory=dict)
    attributes: dict[str, Texts] = field(default_factory=dict)  # name -> {lang or "": value}
    subquestions: list[LssQuestion] = field(default_factory=list)
    answers: list[LssAnswer] = field(default_factory=list)

    def attribute(self, name: str, language: str = "") -> str:
        values = self.attributes.get(name, {})
        return (values.get(language) or values.get("") or "").strip()

    def subs(self, scale: int = 0) -> list[LssQuestion]:
        return sorted((s for s in self.subquestions if s.scale == scale), key=lambda s: s.order)

    def options(self, scale: int = 0) -> list[LssAnswer]:
        return sorted((a for a in self.answers if a.scale == scale), key=lambda a: a.order)


@dataclass
class LssGroup:
    gid: str
    order: int
    relevance: str = ""
    names: Texts = field(default_factory=dict)
    descriptions: Texts = field(default_factory=dict)
    questions: list[LssQuestion] = field(default_factory=list)


@dataclass
class LssCondition:
    qid: str
    cqid: str
    cfieldname: str
    method: str
    value: str
    scenario: str


@dataclass
class LssSurvey:
    db_version: int
    sid: str
    base_language: str
    languages: list[str]
    titles: Texts
    descriptions: Texts
    welcomes: Texts
    endtexts: Texts
    groups: list[LssGroup]
    conditions: dict[str, list[LssCondition]]  # qid -> its conditions
    l10n_tables: bool  # LimeSurvey 4.x and later

    @property
    def release(self) -> str:
        """The LimeSurvey release line that writes this database version (approximate)."""
        if self.db_version < 300:
            return "2.x"
        if self.db_version < 400:
            return "3.x"
        if self.db_version < 480:
            return "4.x"
        if self.db_version < 600:
            return "5.x"
        return "6.x"

    def questions(self) -> list[LssQuestion]:
        return [q for g in self.groups for q in g.questions]


class LssError(ValidationError):
    """The file is not a readable LimeSurvey structure file (a Dutch message)."""


def _int(value: str, default: int = 0) -> int:
    try:
        return int(value.strip())
    except ValueError:
        return default


def _table(root: Element, name: str) -> list[Row]:
    element = root.find(name)
    if element is None:
        return []
    return [{child.tag: (child.text or "") for child in row} for row in element.findall("rows/row")]


def parse_xml(data: bytes) -> Element:
    """The root of a LimeSurvey XML document; :class:`LssError` for anything unsafe or broken."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise LssError(
            _(
                "Het bestand bevat XML-constructies die niet zijn toegestaan (een "
                "documenttypedefinitie of entiteiten). Exporteer de vragenlijst opnieuw "
                "uit LimeSurvey als .lss-bestand."
            ),
            code="unsafe",
        ) from None
    except (ParseError, ValueError):
        raise LssError(
            _("Het bestand is geen geldig XML-bestand en kan niet worden gelezen."),
            code="malformed",
        ) from None
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise LssError(
            _(
                "Dit is geen LimeSurvey-vragenlijst (.lss). Kies in LimeSurvey "
                "“Vragenlijststructuur (.lss)” bij het exporteren."
            ),
            code="not_lss",
        )
    return root


def read_survey(data: bytes) -> LssSurvey:
    """The survey in an ``.lss`` file (every language); :class:`LssError` when unreadable."""
    root = parse_xml(data)
    surveys = _table(root, "surveys")
    if not surveys:
        raise LssError(_("Het bestand bevat geen vragenlijst."), code="empty")
    survey = surveys[0]
    base = survey.get("language", "").strip() or "en"
    languages = [base] + [
        lang for lang in survey.get("additional_languages", "").split() if lang != base
    ]
    for element in root.findall("languages/language"):
        lang = (element.text or "").strip()
        if lang and lang not in languages:
            languages.append(lang)
    titles: Texts = {}
    descriptions: Texts = {}
    welcomes: Texts = {}
    endtexts: Texts = {}
    for row in _table(root, "surveys_languagesettings"):
        lang = row.get("surveyls_language", base)
        titles[lang] = row.get("surveyls_title", "")
        descriptions[lang] = row.get("surveyls_description", "")
        welcomes[lang] = row.get("surveyls_welcometext", "")
        endtexts[lang] = row.get("surveyls_endtext", "")
    l10n = root.find("question_l10ns") is not None
    groups = _groups(root, base)
    questions = _questions(root, base, l10n)
    conditions: dict[str, list[LssCondition]] = defaultdict(list)
    for row in _table(root, "conditions"):
        conditions[row.get("qid", "")].append(
            LssCondition(
                qid=row.get("qid", ""),
                cqid=row.get("cqid", ""),
                cfieldname=row.get("cfieldname", ""),
                method=row.get("method", "==").strip() or "==",
                value=row.get("value", ""),
                scenario=row.get("scenario", "1") or "1",
            )
        )
    by_gid = {g.gid: g for g in groups}
    for question in questions:
        group = by_gid.get(question.gid)
        if group is None:
            group = LssGroup(gid=question.gid, order=len(by_gid) + 1000)
            by_gid[question.gid] = group
            groups.append(group)
        group.questions.append(question)
    for group in groups:
        group.questions.sort(key=lambda q: q.order)
    groups.sort(key=lambda g: g.order)
    return LssSurvey(
        db_version=_int(root.findtext("DBVersion") or "0"),
        sid=survey.get("sid", "").strip(),
        base_language=base,
        languages=languages,
        titles=titles,
        descriptions=descriptions,
        welcomes=welcomes,
        endtexts=endtexts,
        groups=groups,
        conditions=dict(conditions),
        l10n_tables=l10n,
    )


def _groups(root: Element, base: str) -> list[LssGroup]:
    groups: dict[str, LssGroup] = {}
    for row in _table(root, "groups"):
        gid = row.get("gid", "")
        group = groups.setdefault(
            gid,
            LssGroup(gid, _int(row.get("group_order", "0")), row.get("grelevance", "").strip()),
        )
        if "group_name" in row:  # 2.x/3.x: one row per language
            lang = row.get("language", base) or base
            group.names[lang] = row["group_name"]
            group.descriptions[lang] = row.get("description", "")
    for row in _table(root, "group_l10ns"):
        named = groups.get(row.get("gid", ""))
        if named is not None:
            lang = row.get("language", base) or base
            named.names[lang] = row.get("group_name", "")
            named.descriptions[lang] = row.get("description", "")
    return list(groups.values())


def _question(row: Row) -> LssQuestion:
    return LssQuestion(
        qid=row.get("qid", ""),
        gid=row.get("gid", ""),
        type=row.get("type", "").strip(),
        code=row.get("title", "").strip(),
        order=_int(row.get("question_order", "0")),
        scale=_int(row.get("scale_id", "0")),
        other=row.get("other", "N").strip() == "Y",
        mandatory=row.get("mandatory", "N").strip() == "Y",
        relevance=row.get("relevance", "").strip(),
    )


def _questions(root: Element, base: str, l10n: bool) -> list[LssQuestion]:
    """Top-level questions with their subquestions, answers and attributes."""
    by_qid: dict[str, LssQuestion] = {}
    children: dict[str, dict[str, LssQuestion]] = defaultdict(dict)
    for table in ("questions", "subquestions"):
        for row in _table(root, table):
            qid = row.get("qid", "")
            parent = row.get("parent_qid", "0").strip() or "0"
            target = by_qid if parent == "0" else children[parent]
            question = target.setdefault(qid, _question(row))
            if "question" in row:  # 2.x/3.x: one row per language
                lang = row.get("language", base) or base
                question.texts[lang] = row["question"]
                question.helps[lang] = row.get("help", "")
    every = dict(by_qid)
    for parent, subs in children.items():
        every.update(subs)
        if parent in by_qid:
            by_qid[parent].subquestions = list(subs.values())
    for row in _table(root, "question_l10ns"):
        texted = every.get(row.get("qid", ""))
        if texted is not None:
            lang = row.get("language", base) or base
            texted.texts[lang] = row.get("question", "")
            texted.helps[lang] = row.get("help", "")
    answers: dict[tuple[str, str, str], LssAnswer] = {}
    answers_by_aid: dict[str, LssAnswer] = {}
    for row in _table(root, "answers"):
        owner = by_qid.get(row.get("qid", ""))
        if owner is None:
            continue
        key = (owner.qid, row.get("code", "").strip(), row.get("scale_id", "0").strip())
        answer = answers.get(key)
        if answer is None:
            answer = LssAnswer(key[1], _int(row.get("sortorder", "0")), _int(key[2]))
            answers[key] = answer
            owner.answers.append(answer)
        if "answer" in row:
            answer.texts[row.get("language", base) or base] = row["answer"]
        if "aid" in row:
            answers_by_aid[row["aid"].strip()] = answer
    for row in _table(root, "answer_l10ns"):
        found = answers_by_aid.get(row.get("aid", "").strip())
        if found is not None:
            found.texts[row.get("language", base) or base] = row.get("answer", "")
    for row in _table(root, "question_attributes"):
        holder = by_qid.get(row.get("qid", ""))
        if holder is not None:
            values = holder.attributes.setdefault(row.get("attribute", "").strip(), {})
            values[row.get("language", "").strip()] = row.get("value", "")
    return list(by_qid.values())


def choose_language(survey: LssSurvey) -> str:
    """Dutch (``nl``, then ``nl-informal``) where the survey has it, else its base language."""
    for lang in DUTCH:
        if lang in survey.languages:
            return lang
    return survey.base_language
