"""Walk the audit log's hash chain and say where it breaks (``weerbaar audit verify``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

from . import guards
from .hashing import GENESIS, event_hash
from .models import HEAD_ID, AuditEvent, ChainHead


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a walk over the chain: ``problem`` is empty when it is intact."""

    events: int
    last_sequence: int
    last_hash: str
    head_sequence: int | None
    head_hash: str | None
    problem: str
    missing_guards: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problem and not self.missing_guards


def _walk(using: str, expect: tuple[int, str] | None) -> tuple[int, int, str, str]:
    """(count, last sequence, last hash, first problem or "")."""
    count, expected, prev_hash = 0, 1, GENESIS
    seen_expected = expect is None or expect[0] == 0
    events = AuditEvent.objects.using(using).order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        count += 1
        seq = event.sequence
        if seq < expected:
            return (
                count,
                expected - 1,
                prev_hash,
                (
                    f"event id {event.pk} has sequence {seq}, expected {expected}: the events "
                    "were renumbered"
                ),
            )
        if seq > expected:
            missing = f"{expected}" if seq == expected + 1 else f"{expected} to {seq - 1}"
            return (
                count,
                expected - 1,
                prev_hash,
                (
                    f"event {missing} is missing: the chain jumps from {expected - 1} to {seq} "
                    "(an event was removed)"
                ),
            )
        if event.prev_hash != prev_hash:
            return (
                count,
                expected - 1,
                prev_hash,
                (
                    f"event {seq} (id {event.pk}) does not follow event {seq - 1}: its previous "
                    "hash does not match (an event was inserted, removed or replaced here)"
                ),
            )
        if event_hash(event) != event.hash:
            return (
                count,
                expected - 1,
                prev_hash,
                (f"event {seq} (id {event.pk}) was changed: its contents no longer match its hash"),
            )
        if event.actor_id is not None and event.actor_id != event.actor_ref:
            return (
                count,
                expected - 1,
                prev_hash,
                (f"event {seq} (id {event.pk}) was changed: its actor is not the one recorded"),
            )
        if expect is not None and seq == expect[0]:
            if event.hash != expect[1]:
                return (
                    count,
                    seq,
                    event.hash,
                    (
                        f"event {seq} has hash {event.hash}, not {expect[1]} as expected: the log "
                        "was rewritten after that head was noted"
                    ),
                )
            seen_expected = True
        prev_hash, expected = event.hash, expected + 1
    if not seen_expected:
        assert expect is not None
        return (
            count,
            expected - 1,
            prev_hash,
            (
                f"the chain ends at event {expected - 1}, before the expected event {expect[0]} "
                "(events were removed from the end)"
            ),
        )
    return count, expected - 1, prev_hash, ""


def verify_chain(
    using: str = DEFAULT_DB_ALIAS, expect: tuple[int, str] | None = None
) -> ChainReport:
    """Check every link of the chain, the head row, and that the database guards are there.

    ``expect`` is a (sequence, hash) pair noted earlier (e.g. at the last backup): the chain
    must still contain that event with that hash.
    """
    count, last_seq, last_hash, problem = _walk(using, expect)
    head = ChainHead.objects.using(using).filter(pk=HEAD_ID).first()
    if not problem:
        if head is None:
            if count:
                problem = "the chain head row is missing (it was deleted)"
        elif head.sequence > last_seq:
            problem = (
                f"the chain ends at event {last_seq}, but the head says {head.sequence}: "
                "events were removed from the end (truncated)"
            )
        elif head.sequence < last_seq:
            problem = (
                f"the chain goes on to event {last_seq}, past the head at {head.sequence}: "
                "events were added outside the application"
            )
        elif head.hash != last_hash:
            problem = (
                f"event {last_seq} does not have the hash the head recorded: the end of the "
                "chain was replaced"
            )
    return ChainReport(
        events=count,
        last_sequence=last_seq,
        last_hash=last_hash,
        head_sequence=head.sequence if head is not None else None,
        head_hash=head.hash if head is not None else None,
        problem=problem,
        missing_guards=tuple(guards.missing_guards(connections[using])),
    )
