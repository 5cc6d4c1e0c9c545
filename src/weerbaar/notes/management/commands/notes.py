"""``weerbaar notes keys --format json``: how many notes each key id encrypts (no text);
``weerbaar notes rotate [--new-key]``: re-encrypt every note under the active key, after a new
key was put first in ``WEERBAAR_NOTES_KEYS`` or, with ``--new-key``, in the key file.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from weerbaar.audit.context import acting_as

from ... import crypto
from ...models import NoteCiphertext
from ...services import reencrypt_all


class Command(BaseCommand):
    help = "Keys of the confidential notes: counts per key ('keys') or rotation ('rotate')."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        keys = sub.add_parser("keys", help="print the number of notes per key id")
        keys.add_argument("--format", choices=["json"], default="json")
        rotate = sub.add_parser("rotate", help="re-encrypt every note under the active key")
        rotate.add_argument(
            "--new-key", action="store_true", help="first add a new key to the key file"
        )

    def handle(self, *args, mode: str, **options):
        try:
            if mode == "keys":
                counts = dict(
                    NoteCiphertext.objects.values_list("key_id")
                    .annotate(n=Count("pk"))
                    .values_list("key_id", "n")
                )
                data = {"active_key": crypto.active_key_id(), "notes_per_key": counts}
                self.stdout.write(json.dumps(data, indent=2, sort_keys=True))
                return
            if options["new_key"]:
                crypto.add_key()
            with acting_as(None, label="notes rotate"):
                changed = reencrypt_all()
        except (crypto.KeyConfigurationError, crypto.NoteUnreadable) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Notes: {changed} re-encrypted under key {crypto.active_key_id()}.")
