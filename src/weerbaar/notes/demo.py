"""Demo step: confidential notes of Gemeente Voorbeeld's secretaris (texts in demo_notes.yaml).

One note is the secretaris' own; the others are shared with the burgemeester when the demo
has one (otherwise they stay the secretaris' own).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.organisations.models import Membership, Role

from .services import NoteText, create_note

DEMO_FILE = Path(__file__).parent / "demo_notes.yaml"


@demo_step(order=98)
def build_notes(ctx: DemoContext) -> None:
    voorbeeld = ctx.objects["voorbeeld"]
    secretaris = ctx.objects["user_secretaris"]
    mayors = [
        m.user
        for m in Membership.objects.filter(
            organisation=voorbeeld, role=Role.BURGEMEESTER
        ).select_related("user")
    ]
    notes = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))["notes"]
    for item in notes:
        readers = mayors if item.get("share_with_mayor") else []
        create_note(voorbeeld, secretaris, NoteText(item["title"], item["body"]), readers)
