"""The hash chain of the audit log: the canonical form of an event and its SHA-256.

Every event carries the hash of the event before it (``prev_hash``) and its own hash over
a canonical serialisation of its fields, including ``prev_hash``. Changing, removing or
inserting an event therefore breaks the chain from that point on.

The serialisation is versioned (``"v": 1``) and must never change for version 1: the
migration that hashed the existing events uses this module too.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any, Protocol

GENESIS = "0" * 64  # the "previous hash" of the first event
VERSION = 1


class ChainedEvent(Protocol):
    """The fields of an audit event that the hash covers (model or historical model)."""

    sequence: int
    timestamp: datetime.datetime
    actor_ref: int | None
    actor_label: str
    organisation_id: int | None
    organisation_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    prev_hash: str


def canonical_json(value: Any) -> Any:
    """``value`` as plain JSON data, with numbers in one form however the database keeps them.

    PostgreSQL's ``jsonb`` gives ``1e16`` back as ``10000000000000000``: integral floats are
    treated as integers, so the hash does not depend on the database.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, (list, tuple)):
        return [canonical_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical_json(v) for k, v in value.items()}
    raise TypeError(f"not JSON data: {type(value).__name__}")


def timestamp_text(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload(event: ChainedEvent) -> dict[str, Any]:
    return {
        "v": VERSION,
        "sequence": event.sequence,
        "timestamp": timestamp_text(event.timestamp),
        "actor": event.actor_ref,
        "actor_label": event.actor_label,
        "organisation": event.organisation_id,
        "organisation_name": event.organisation_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": canonical_json(event.before),
        "after": canonical_json(event.after),
        "prev_hash": event.prev_hash,
    }


def event_hash(event: ChainedEvent) -> str:
    """SHA-256 (hex) of the event's canonical serialisation."""
    text = json.dumps(payload(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
