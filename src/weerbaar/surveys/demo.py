"""Demo step: Gemeente Voorbeeld's 0-meting gets a closed staff survey and a closed council
survey with synthetic submitted responses, shaped after the published figures of seed 004
(notes 004 §4.2–§4.6), plus the staff invitations (e-mail addresses already deleted).

Normal size: about 180 staff responses (response rate 34%); small size: 40. Staff
percentages match the published ones where the base allows it (with 54 respondents in the
Q8 = Ja group, 90% / 12% / 88% cannot all be hit exactly; they come out at 91% / 11% / 89%).
The council always has 18 responses of 21 members, with the exact counts of notes 004 §4.6.

A second step gives the herhaalmeting an *open* staff pulse survey in its field period:
answers in progress and submitted, written by the same batch worker as real answers, so the
coordinator sees response counts only (results appear when it closes).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.utils import timezone

from weerbaar.core.demo import DemoContext, demo_restart_step, demo_step

from . import fieldwork, routing, services
from .invitations import generate_links
from .models import (
    Invitation,
    InvitationState,
    ResponseDraft,
    ResponseSet,
    Survey,
    SurveyMode,
    SurveyStatus,
)
from .tokens import resume_hash_of_link


def _quota(share: float, base: int) -> int:
    """A count whose percentage of ``base`` rounds to ``share`` where that is possible."""
    target = round(share * 100)
    best = round(share * base)
    for c in (best, best - 1, best + 1):
        if 0 <= c <= base and base and round(100 * c / base) == target:
            return c
    return max(0, min(base, best))


def _column(rng: random.Random, base: int, shares: Sequence[tuple[str, float]]) -> list[str]:
    """``base`` answers with the given shares (the last value takes the remainder)."""
    out: list[str] = []
    for value, share in shares[:-1]:
        out += [value] * _quota(share, base)
    out = out[:base]
    out += [shares[-1][0]] * (base - len(out))
    rng.shuffle(out)
    return out


def _grades(rng: random.Random, n: int, mean: float, spread: Sequence[int]) -> list[int]:
    """``n`` grades (1–10) whose mean rounds to ``mean`` (one decimal)."""
    grades = [max(1, min(10, round(mean) + rng.choice(spread))) for _ in range(n)]
    target = round(mean * n)
    while sum(grades) != target:
        i = rng.randrange(n)
        if sum(grades) < target and grades[i] < 10:
            grades[i] += 1
        elif sum(grades) > target and grades[i] > 1:
            grades[i] -= 1
    rng.shuffle(grades)
    return grades


def _dates(rng: random.Random, start: datetime.date, days: int, n: int) -> list[datetime.date]:
    return [start + datetime.timedelta(days=rng.randrange(days)) for _ in range(n)]


STAFF_TEXTS = [
    "Een pand dat steeds van eigenaar wisselt.",
    "Contante betalingen bij een aanvraag.",
    "Een bedrijf zonder zichtbare activiteiten.",
]


def staff_answers(rng: random.Random, n: int, departments: list) -> list[dict]:
    """Synthetic employee answers consistent with notes 004 §4.2–§4.5."""
    rows: list[dict] = [{} for _ in range(n)]
    dept_values = [str(d.pk) for d in departments]
    q1 = [rng.choice(dept_values) for _ in range(n - n // 10)] + ["liever_niet"] * (n // 20)
    q1 += ["andere"] * (n - len(q1))
    rng.shuffle(q1)
    known = {"a": 0.71, "b": 0.65, "c": 0.55, "d": 0.17, "e": 0.63, "f": 0.45, "g": 0.35}
    q2 = {}
    for row, share in known.items():
        k = _quota(share, n)
        clear = round(k * 0.8)
        q2[row] = _column(
            rng,
            n,
            [
                ("ken_duidelijk", clear / n),
                ("ken_niet_duidelijk", (k - clear) / n),
                ("weet_bestaat", (n - k) * 0.4 / n),
                ("weet_niet_of_bestaat", (n - k) * 0.45 / n),
                ("bestaat_niet", 0),
            ],
        )
    q3 = _column(rng, n, [("ja", 0.22), ("weet_niet", 0.15), ("nee", 0)])
    q8 = _column(rng, n, [("ja", 0.30), ("weet_niet", 0.12), ("nee", 0)])
    q11 = _column(rng, n, [("ja_enkele", 0.11), ("liever_niet", 0.04), ("nee", 0)])
    q15 = _column(
        rng, n, [("ja_enkele", 0.13), ("ja_meerdere", 0.04), ("liever_niet", 0.05), ("nee", 0)]
    )
    q18a = _grades(rng, n, 7.4, (-2, -1, 0, 0, 1, 1))
    q18b = _grades(rng, n, 6.6, (-2, -1, 0, 0, 1, 2))
    q19_shares = {
        "a": [("eens", 0.15), ("oneens", 0.77), ("weet_niet", 0)],
        "b": [("eens", 0.67), ("oneens", 0.15), ("weet_niet", 0)],
        "c": [("eens", 0.50), ("oneens", 0.15), ("weet_niet", 0)],
        "d": [("eens", 0.77), ("oneens", 0.15), ("weet_niet", 0)],
        "e": [("eens", 0.44), ("oneens", 0.36), ("weet_niet", 0)],
        "f": [("eens", 0.90), ("oneens", 0.05), ("weet_niet", 0)],
        "g": [("eens", 0.28), ("oneens", 0.52), ("weet_niet", 0)],
        "h": [("eens", 0.48), ("oneens", 0.40), ("weet_niet", 0)],
    }
    q19 = {row: _column(rng, n, shares) for row, shares in q19_shares.items()}
    for i, r in enumerate(rows):
        r["q1_afdeling"] = q1[i]
        r["q2_gedragslijnen"] = {row: q2[row][i] for row in known}
        r["q3_verdacht_gezien"] = q3[i]
        r["q8_verwacht_signalen"] = q8[i]
        r["q11_onaanvaardbare_druk"] = q11[i]
        r["q15_collega_niet_integer"] = q15[i]
        r["q18_cijfers"] = {"a": q18a[i], "b": q18b[i]}
        r["q19_integriteit"] = {row: q19[row][i] for row in q19_shares}
        if i % 9 == 0:
            r["q20_opmerkingen"] = "Goed dat hier aandacht voor is."
    # Q3 = ja: Q4 (text) and Q5 (what was done), Q6/Q7 when routed.
    for r in (r for r in rows if r["q3_verdacht_gezien"] == "ja"):
        r["q4_verdachte_feiten"] = rng.choice(STAFF_TEXTS)
        done = rng.choice(
            [["politie"], ["gemeente"], ["niets"], ["gemeente", "politie"], ["iets_anders"]]
        )
        r["q5_signalen_gedaan"] = done
        if "gemeente" in done:
            r["q6_gemeld_aan"] = "Mijn leidinggevende."
        if "iets_anders" in done:
            r["q7_andere_actie"] = "Besproken met een collega."
    # Q8 = ja: Q9 and Q10 (E2–E4, E8–E15, E36).
    group = [r for r in rows if r["q8_verwacht_signalen"] == "ja"]
    m = len(group)
    q9 = {
        "a": _column(rng, m, [("eens", 0.74), ("oneens", 0.14), ("weet_niet", 0)]),
        "b": _column(rng, m, [("eens", 0.90), ("oneens", 0.04), ("weet_niet", 0)]),
        "c": _column(rng, m, [("eens", 0.63), ("oneens", 0.22), ("weet_niet", 0)]),
    }
    q10 = {
        "a": _column(rng, m, [("eens", 0.80), ("oneens", 0.10), ("weet_niet", 0)]),
        "b": _column(rng, m, [("eens", 0.24), ("oneens", 0.48), ("weet_niet", 0)]),
        "c": _column(rng, m, [("eens", 0.12), ("oneens", 0.58), ("weet_niet", 0)]),
        "d": _column(rng, m, [("eens", 0.88), ("oneens", 0.06), ("weet_niet", 0)]),
    }
    for i, r in enumerate(group):
        r["q9_stellingen_risico"] = {row: q9[row][i] for row in q9}
        r["q10_stellingen_weerbaarheid"] = {row: q10[row][i] for row in q10}
    # Q11 = ja: Q12, Q13, Q14.
    for r in (r for r in rows if r["q11_onaanvaardbare_druk"].startswith("ja")):
        r["q12_druk_toelichting"] = "Iemand dreigde na een afwijzing van een vergunning."
        r["q13_steun"] = rng.choice(["ja", "ja", "nee", "weet_niet"])
        if r["q13_steun"] == "nee":
            r["q14_geen_steun"] = "Er werd niets mee gedaan."
    # Q15 = ja: Q16 (E33–E35), Q17 when "anders".
    group = [r for r in rows if r["q15_collega_niet_integer"].startswith("ja")]
    m = len(group)
    nothing = _quota(0.13, m)
    with_person = _quota(0.50, m)
    for i, r in enumerate(group):
        if i < nothing:
            r["q16_collega_gedaan"] = ["niets"]
            continue
        chosen = []
        if i - nothing < with_person:
            chosen.append("zelf_besproken")
        if rng.random() < 0.6 or not chosen:
            chosen.append("leidinggevende")
        if rng.random() < 0.4:
            chosen.append("collega")
        if rng.random() < 0.1:
            chosen.append("anders")
            r["q17_collega_anders"] = "Gemeld bij de vertrouwenspersoon."
        order = ["zelf_besproken", "leidinggevende", "collega", "niets", "anders"]
        r["q16_collega_gedaan"] = [v for v in order if v in chosen]
    return rows


def council_answers(rng: random.Random) -> list[dict]:
    """18 council responses with the exact counts of notes 004 §4.6 (C1–C22)."""
    n = 18
    rows: list[dict] = [{} for _ in range(n)]
    r1 = ["ja_enkele", "ja_meerdere"] + ["nee"] * 16
    r7 = ["ja_meerdere"] * 3 + ["ja_een"] * 2 + ["liever_niet"] * 2 + ["nee"] * 11
    r10 = ["ja"] * 2 + ["nee"] * 16
    r12 = (
        ["ken_duidelijk"] * 7
        + ["ken_niet_duidelijk"] * 4
        + ["ken_inhoud_niet"] * 4
        + ["ken_niet"] * 3
    )
    r13 = ["nee"] * 8 + ["weet_niet"] * 10
    r16 = ["ja"] + ["nee"] * 11 + ["weet_niet"] * 6
    r18a = _grades(rng, n, 8.3, (-1, 0, 0, 1))
    r18b = _grades(rng, n, 6.2, (-1, 0, 0, 1))
    r19 = ["zeer_eens"] * 3 + ["eens"] * 5 + ["weet_niet"] * 6 + ["oneens"] * 3 + ["zeer_oneens"]
    for column in (r1, r7, r10, r12, r13, r16, r19):
        rng.shuffle(column)
    for i, r in enumerate(rows):
        r.update(
            r1_beinvloeding=r1[i],
            r7_collega_vermoeden=r7[i],
            r10_infiltratie=r10[i],
            r12_protocol=r12[i],
            r13_aandacht=r13[i],
            r16_geholpen=r16[i],
            r18_cijfers={"a": r18a[i], "b": r18b[i]},
            r19_aannemelijk=r19[i],
        )
    influenced = [r for r in rows if r["r1_beinvloeding"] != "nee"]
    plans = [
        (["burgemeester"], "ja"),
        (["burgemeester", "fractievoorzitter"], "nee"),
    ]
    for r, (done, support) in zip(influenced, plans, strict=True):
        r["r2_poging"] = "Een aanbod in ruil voor steun bij een bestemmingsplan."
        r["r3_gedaan"] = done
        r["r5_steun"] = support
        if support == "ja":
            r["r5a_steun_inhoud"] = "Een gesprek en extra beveiliging."
        else:
            r["r6_geen_steun"] = "Er kwam geen vervolg."
    suspects = [r for r in rows if r["r7_collega_vermoeden"] in ("ja_meerdere", "ja_een")]
    actions = [
        ["burgemeester"],
        ["griffier"],
        ["griffier", "iets_anders"],
        ["niets"],
        ["iets_anders"],
    ]
    for r, done in zip(suspects, actions, strict=True):
        r["r8_gedaan"] = done
        if "iets_anders" in done:
            r["r9_anders"] = "Met de fractie besproken."
    for r in rows:
        if r["r10_infiltratie"] == "ja":
            r["r11_basis"] = "Signalen over een kandidaat."
        if r["r13_aandacht"] == "nee" and rng.random() < 0.75:
            r["r15_onvoldoende_aandacht"] = "Het is geen structureel gespreksonderwerp."
        if r["r16_geholpen"] == "ja":
            r["r17_door_wie"] = "De griffie."
    rows[0]["r_opmerkingen"] = "Graag een vervolg in een raadsinformatiebijeenkomst."
    return rows


def _store_responses(survey, answers: list[dict], dates: list[datetime.date]) -> None:
    from .questionnaire import department_question

    organisation = survey.scan.organisation
    departments = {str(d.pk): d for d in organisation.departments.all()}
    dq = department_question(survey.definition)
    objs = []
    for answer, day in zip(answers, dates, strict=True):
        cleaned = routing.clean_answers(survey.definition, answer)
        department = departments.get(str(cleaned.get(dq["id"]))) if dq else None
        objs.append(
            ResponseSet(
                survey=survey,
                answers=cleaned,
                department=department,
                submitted=True,
                submitted_on=day,
            )
        )
    random.Random(len(objs)).shuffle(objs)
    ResponseSet.objects.bulk_create(objs)


@demo_step(order=40)
def build_surveys(ctx: DemoContext) -> None:
    rng = ctx.rng
    scan = ctx.objects["scan_baseline"]
    voorbeeld = ctx.objects["voorbeeld"]
    shipped = {q.key: q for q in services.install_shipped_questionnaires()}
    # An own, edited copy of the staff questionnaire (coordinators can adapt items).
    copy = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    ctx.objects["questionnaire_copy"] = copy

    start = scan.period_start + datetime.timedelta(days=14)
    opens = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    closes = opens + datetime.timedelta(days=21)
    departments = list(voorbeeld.departments.all())

    staff = services.create_survey(
        scan=scan,
        questionnaire=shipped["medewerkers"],
        mode=SurveyMode.PERSONAL,
        opens_at=opens,
        closes_at=closes,
        title="Enquête medewerkers",
    )
    n_staff = 180 if ctx.size == "normal" else 40
    answers = staff_answers(rng, n_staff, departments)
    _store_responses(staff, answers, _dates(rng, start, 21, n_staff))
    invited = round(n_staff / 0.34)
    started = max(1, invited // 25)
    invitations = []
    for i in range(invited):
        state = (
            InvitationState.SUBMITTED
            if i < n_staff
            else InvitationState.STARTED
            if i < n_staff + started
            else InvitationState.NOT_STARTED
        )
        invitations.append(
            Invitation(
                survey=staff,
                token_hash=services.invitation_token_hash(services.new_token()),
                department=departments[rng.randrange(len(departments))] if departments else None,
                state=state,
                reminder_count=0 if state == InvitationState.SUBMITTED else 1,
            )
        )
    rng.shuffle(invitations)
    Invitation.objects.bulk_create(invitations)
    staff.status = SurveyStatus.CLOSED
    staff.save(update_fields=["status"])

    council = services.create_survey(
        scan=scan,
        questionnaire=shipped["raadsleden"],
        mode=SurveyMode.OPEN,
        opens_at=opens,
        closes_at=closes,
        title="Vragenlijst raadsleden",
    )
    _store_responses(council, council_answers(rng), _dates(rng, start, 21, 18))
    council.status = SurveyStatus.CLOSED
    council.save(update_fields=["status"])
    ctx.objects["survey_staff"] = staff
    ctx.objects["survey_council"] = council


@demo_step(order=85)
def build_open_survey(ctx: DemoContext) -> None:
    """An open pulse survey in the herhaalmeting: counts only until it closes."""
    scan = ctx.objects["scan_repeat"]
    voorbeeld = ctx.objects["voorbeeld"]
    # Who respondents can ask, and the privacy statement they see on the first page.
    voorbeeld.survey_contact_name = "Sanne de Vries (scancoördinator)"
    voorbeeld.survey_contact_email = "onderzoek@voorbeeld.example"
    voorbeeld.privacy_url = "https://www.voorbeeld.example/privacyverklaring"
    voorbeeld.save(update_fields=["survey_contact_name", "survey_contact_email", "privacy_url"])
    shipped = {q.key: q for q in services.install_shipped_questionnaires()}
    now = timezone.now()
    survey = services.create_survey(
        scan=scan,
        questionnaire=shipped["medewerkers"],
        mode=SurveyMode.PERSONAL,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=14),
        title="Pulsmeting medewerkers",
    )
    services.open_survey(survey)
    departments = list(voorbeeld.departments.all())
    invited, answered, unfinished = (60, 23, 4) if ctx.size == "normal" else (30, 12, 3)
    invitations = [
        Invitation(
            survey=survey,
            token_hash=services.invitation_token_hash(services.new_token()),
            department=departments[i % len(departments)] if departments else None,
        )
        for i in range(invited)
    ]
    Invitation.objects.bulk_create(invitations)
    answers = staff_answers(ctx.rng, answered + unfinished, departments)
    drafts = []
    for i, (invitation, answer) in enumerate(zip(invitations, answers, strict=False)):
        cleaned = routing.clean_answers(survey.definition, answer)
        department = str(cleaned.get("q1_afdeling", ""))
        drafts.append(
            ResponseDraft(
                survey=survey,
                resume_hash=resume_hash_of_link(invitation.token_hash),
                answers=cleaned,
                department_id=int(department) if department.isdigit() else None,
                ready=i < answered,
            )
        )
    ResponseDraft.objects.bulk_create(drafts)
    # The background worker's pass: a batch of responses and states (k kept back).
    fieldwork.run_survey_batches(survey, ctx.rng)
    ctx.objects["survey_open"] = survey
    # One more personal link, printed by `weerbaar demo`: answer as a respondent at once.
    ctx.objects["respondent_link"] = generate_links(survey, 1)[0]


@demo_restart_step(order=85)
def new_respondent_link(ctx: DemoContext) -> None:
    """On a restart: one more personal link to the open survey, while it is still open."""
    survey = (
        Survey.objects.filter(
            scan__organisation__slug="voorbeeld",
            status=SurveyStatus.OPEN,
            mode=SurveyMode.PERSONAL,
        )
        .order_by("-pk")
        .first()
    )
    if survey is not None and survey.is_accepting(ctx.now):
        ctx.objects["respondent_link"] = generate_links(survey, 1)[0]
