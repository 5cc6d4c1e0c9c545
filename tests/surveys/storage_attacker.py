"""Drive respondents through the real web flow, then attack the database as its administrator.

``drive`` sends invitations over SMTP (to a local aiosmtpd server), takes each personal link
from the e-mail that was actually delivered, and lets 24 respondents start, answer and submit
through the Django test client, interleaved at random, with passes of the background worker
in between. Each respondent types a unique marker in the last free-text question: the
ground truth (marker -> invitation) the attacks are scored against. The attacker never uses
it except to recognise a response's content, which a real attacker reads directly.

The attacks (PostgreSQL): for every response, every transaction that wrote one of its row
versions (live or dead, read with pageinspect) is joined to the transactions that wrote an
invitation's state (shared transaction id, or adjacent within ±3, or adjacent in commit
order); the attacker then knows "the response belongs to one of these invitations".
A response is **linked** when such a candidate set holds fewer than k invitations and
contains the true one. Order attacks (ctid, SQLite rowid) guess rank-for-rank within a
batch; chance gives about one hit per batch.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.urls import reverse

from weerbaar.surveys import fieldwork, invitations, services
from weerbaar.surveys.models import Survey

N = 24
K = 5
HEX64 = re.compile(rb"[0-9a-f]{64}")


def page_index(survey: Survey, page_id: str) -> int:
    return next(i for i, p in enumerate(survey.definition["pages"]) if p["id"] == page_id)


class Person:
    """One respondent with a browser (test client) and their personal link."""

    def __init__(self, token: str, marker: str, survey: Survey):
        self.client = Client()
        self.token = token
        self.marker = marker
        self.survey = survey
        self.steps = self._steps()
        self.done = 0

    def url(self, name: str = "intro") -> str:
        return reverse(f"respond:personal_{name}", kwargs={"token": self.token})

    def post(self, page: int, action: str = "next", **fields):
        data = {"page": page, "action": action}
        data.update({f"q-{k}".replace("__", "-"): v for k, v in fields.items()})
        response = self.client.post(self.url("page"), data)
        assert response.status_code == 302, response.content[:300]
        return response

    def _steps(self) -> Iterator[Callable[[], object]]:
        s = self.survey
        yield lambda: self.client.post(self.url())
        yield lambda: self.post(0, q1_afdeling="liever_niet")
        yield lambda: self.post(1, **{f"q2_gedragslijnen__{x}": "ken_duidelijk" for x in "abcdefg"})
        yield lambda: self.post(2, q3_verdacht_gezien="nee")
        yield lambda: self.post(page_index(s, "verwachting"), q8_verwacht_signalen="nee")
        yield lambda: self.post(page_index(s, "druk"), q11_onaanvaardbare_druk="nee")
        yield lambda: self.post(page_index(s, "collega"), q15_collega_niet_integer="nee")
        fields = {"q18_cijfers__a": "8", "q18_cijfers__b": "6"}
        fields.update({f"q19_integriteit__{x}": "eens" for x in "abcdefgh"})
        yield lambda: self.post(page_index(s, "bewustzijn_integriteit"), **fields)
        yield lambda: self._submit()

    def _submit(self) -> None:
        last = page_index(self.survey, "afsluiting")
        response = self.post(last, action="submit", q20_opmerkingen=self.marker)
        assert response["Location"] == self.url("thanks")

    def advance(self, until: int | None) -> bool:
        """Do one step; False when the person has reached ``until`` steps (None: all)."""
        if until is not None and self.done >= until:
            return False
        step = next(self.steps, None)
        if step is None:
            return False
        step()
        self.done += 1
        return True


@dataclass
class Run:
    survey: Survey
    truth: dict[str, int]  # marker -> invitation id
    submit_order: list[str] = field(default_factory=list)
    batch_sizes: list[int] = field(default_factory=list)


def interleave(plan: list[tuple[Person, int | None]], rng: random.Random) -> None:
    """Advance the people of a phase one step at a time, in random order."""
    active = list(plan)
    while active:
        person, until = active[rng.randrange(len(active))]
        if not person.advance(until):
            active.remove((person, until))


def drive(survey: Survey, messages: list, organisation, rng: random.Random) -> Run:
    """Invite N people over SMTP and let 22 of them answer and submit, in three phases with a
    worker pass after each; two start and never submit. Returns before closing."""
    services.set_survey_k(survey, K)
    addresses = "\n".join(f"deelnemer{i:02d}@voorbeeld.nl" for i in range(N)).encode()
    upload = invitations.read_address_file(addresses, "adressen.csv", organisation)
    invitations.add_invitations(survey, upload.rows)
    assert invitations.send_invitations(survey) == N
    links = {to[0]: re.search(r"/r/([\w-]+)/", m.get_content()).group(1) for to, m in messages}
    ids = dict(survey.invitations.values_list("email", "pk"))
    emails = sorted(links)
    rng.shuffle(emails)  # the order people act in has nothing to do with the address list
    people = [Person(links[e], f"deelnemer-{e[9:11]}", survey) for e in emails]
    run = Run(survey, {p.marker: ids[e] for p, e in zip(people, emails, strict=True)})
    phases = [(range(0, 12), range(0, 4)), (range(12, 20), range(4, 12))]
    phases.append((range(20, 24), range(12, 22)))
    for starts, submits in phases:
        plan: list[tuple[Person, int | None]] = [(people[i], 2) for i in starts]
        plan += [(people[i], None) for i in submits]
        interleave(plan, rng)
        run.submit_order += [people[i].marker for i in submits]
        report = fieldwork.run_batches(rng=rng)
        if report.responses:
            run.batch_sizes.append(report.responses)
    return run


def close(run: Run, rng: random.Random) -> None:
    report = fieldwork.finalise_survey(_closed(run.survey), rng)
    run.batch_sizes.append(report.responses)


def _closed(survey: Survey) -> Survey:
    from django.utils import timezone

    survey.status = "closed"
    survey.closes_at = timezone.now()
    survey.save()
    return survey


# ------------------------------------------------------------------------------ PostgreSQL


@dataclass
class HeapTuple:
    table: str
    block: int
    lp: int
    xmin: int
    xmax: int
    data: bytes


def heap_tuples(table: str) -> list[HeapTuple]:
    """Every tuple on every page of ``table``: live rows and old (dead) row versions."""
    out = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [table]
        )
        pages = cursor.fetchone()[0]
        for block in range(pages):
            cursor.execute(
                "SELECT lp, t_xmin::text::bigint, t_xmax::text::bigint, t_data "
                "FROM heap_page_items(get_raw_page(%s, %s)) WHERE t_data IS NOT NULL",
                [table, block],
            )
            for lp, xmin, xmax, data in cursor.fetchall():
                out.append(HeapTuple(table, block, lp, xmin, xmax, bytes(data)))
    return out


def _state(data: bytes) -> str:
    if b"submitted" in data:
        return "submitted"
    if b"not_started" in data:
        return "not_started"
    return "started" if b"started" in data else "?"


@dataclass
class Evidence:
    """What pageinspect shows an administrator, grouped the way an attacker would."""

    state_writes: dict[int, set[int]]  # xid -> invitations whose state it wrote
    response_xids: dict[str, set[int]]  # marker -> xids of all its row versions
    live_responses: list[tuple[str, int, int, int]]  # (marker, xmin, block, lp)
    invitation_versions: list[tuple[int, int, int, int, str]]  # (id, xmin, block, lp, state)
    dead_versions: int


def gather(run: Run) -> Evidence:
    ours = set(run.truth.values())
    markers = [m.encode() for m in run.truth]
    state_writes: dict[int, set[int]] = defaultdict(set)
    versions = []
    for t in heap_tuples("surveys_invitation"):
        invitation = int.from_bytes(t.data[:8], "little")
        if invitation not in ours:
            continue
        state = _state(t.data)
        versions.append((invitation, t.xmin, t.block, t.lp, state))
        if state in ("started", "submitted"):
            state_writes[t.xmin].add(invitation)
    response_xids: dict[str, set[int]] = defaultdict(set)
    live = []
    drafts: dict[bytes, list[HeapTuple]] = defaultdict(list)
    for t in heap_tuples("surveys_responsedraft"):
        key = HEX64.search(t.data)
        if key:
            drafts[key.group(0)].append(t)
    groups = list(drafts.values())
    responses = heap_tuples("surveys_responseset")
    groups += [[t] for t in responses]
    for group in groups:
        marker = next((m for m in markers for t in group if m in t.data), None)
        if marker is None:
            continue
        for t in group:
            response_xids[marker.decode()] |= {x for x in (t.xmin, t.xmax) if x > 2}
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text, xmin::text::bigint FROM surveys_responseset")
        live_ctids = dict(cursor.fetchall())
    for t in responses:
        marker = next((m for m in markers if m in t.data), None)
        if marker and live_ctids.get(f"({t.block},{t.lp})") == t.xmin:
            live.append((marker.decode(), t.xmin, t.block, t.lp))
    dead = sum(len(g) for g in drafts.values()) + len(responses) - len(live)
    return Evidence(dict(state_writes), dict(response_xids), live, versions, dead)


def candidate_sets(
    evidence: Evidence, truth: dict[str, int], position: Callable[[int], int | None], reach: int
) -> dict[str, list[int]]:
    """Per response: the sizes of the candidate sets that contain its true invitation, when
    the attacker joins its transactions to state-writing transactions at most ``reach``
    apart (by ``position``: the xid itself, or the rank in commit order).

    A set is never smaller than the number of responses the joined transaction wrote: when
    PostgreSQL has pruned old row versions of some invitations of a state batch, the batch
    shows fewer invitations than it had, but each of its responses still came from one of as
    many invitations as there are responses (the missing ones are unknown, not excluded).
    """
    written = Counter(xmin for _marker, xmin, _block, _lp in evidence.live_responses)
    by_position: dict[int, set[int]] = defaultdict(set)
    for xid, invitations_ in evidence.state_writes.items():
        pos = position(xid)
        if pos is not None:
            by_position[pos] |= invitations_
    out: dict[str, list[int]] = {}
    for marker, xids in evidence.response_xids.items():
        sizes = []
        for xid in xids:
            pos = position(xid)
            if pos is None:
                continue
            for d in range(-reach, reach + 1):
                found = by_position.get(pos + d)
                if found and truth[marker] in found:
                    sizes.append(max(len(found), written.get(xid, 0)))
        out[marker] = sizes
    return out


def smallest_set(sets: dict[str, list[int]]) -> int | None:
    sizes = [s for v in sets.values() for s in v]
    return min(sizes) if sizes else None


def commit_order(evidence: Evidence) -> Callable[[int], int | None]:
    """Rank of a transaction in commit order (needs track_commit_timestamp=on)."""
    xids = set(evidence.state_writes)
    for v in evidence.response_xids.values():
        xids |= v
    stamps = {}
    with connection.cursor() as cursor:
        for xid in xids:
            cursor.execute("SELECT pg_xact_commit_timestamp(%s::text::xid)", [str(xid)])
            stamp = cursor.fetchone()[0]
            if stamp is not None:
                stamps[xid] = stamp
    ranked = {xid: i for i, xid in enumerate(sorted(stamps, key=lambda x: (stamps[x], x)))}
    return ranked.get


def rank_guess_hits(
    responses: list[tuple[str, int, int, int]],
    invitation_order: Callable[[int], list[int]],
    truth: dict[str, int],
) -> tuple[int, int]:
    """Within each batch (one xmin), guess the i-th response (physical order) belongs to the
    i-th invitation of ``invitation_order(batch xmin)``; (hits, batches)."""
    batches: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for marker, xmin, block, lp in responses:
        batches[xmin].append((block, lp, marker))
    hits = 0
    for xmin, rows in batches.items():
        guess = invitation_order(xmin)
        for (_b, _l, marker), invitation in zip(sorted(rows), guess, strict=False):
            hits += truth[marker] == invitation
    return hits, len(batches)
