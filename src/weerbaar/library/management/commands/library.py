"""``weerbaar library load [PATH]`` and ``weerbaar library validate PATH``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from weerbaar.library.loader import (
    LibraryValidationError,
    install_bundle,
    read_bundle,
    shipped_bundles,
    validate_path,
)


class Command(BaseCommand):
    help = "Load or validate reference library bundles (YAML)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load", help="Load a bundle (default: the bundles that ship with Weerbaar)."
        )
        load.add_argument("path", nargs="?", help="bundle folder or its manifest.yaml")
        validate = sub.add_parser(
            "validate", help="Check a bundle or a single file without loading it."
        )
        validate.add_argument("path", help="bundle folder, manifest.yaml or a single library file")

    def handle(self, *args, action: str, path: str | None = None, **options):
        if action == "validate":
            assert path is not None  # a required argument of the validate subcommand
            errors = validate_path(Path(path))
            if errors:
                for err in errors:
                    self.stderr.write(str(err))
                raise CommandError(f"{len(errors)} error(s) in {path}", returncode=2)
            self.stdout.write(self.style.SUCCESS(f"{path}: valid"))
            return
        paths = [Path(path)] if path else shipped_bundles()
        if path and not Path(path).exists():
            raise CommandError(f"{path}: no such file or folder", returncode=2)
        for p in paths:
            try:
                result = install_bundle(read_bundle(p))
            except LibraryValidationError as exc:
                for err in exc.errors:
                    self.stderr.write(str(err))
                raise CommandError(
                    f"{len(exc.errors)} error(s) in {p}; nothing was loaded", returncode=2
                ) from None
            v = result.version
            if result.created:
                self.stdout.write(self.style.SUCCESS(f"loaded {v.identifier} {v.version}"))
            else:
                self.stdout.write(f"{v.identifier} {v.version} is already loaded; nothing changed")
