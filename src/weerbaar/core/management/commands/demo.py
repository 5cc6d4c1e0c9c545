"""``weerbaar demo``: the demo database with Gemeente Voorbeeld (built once), then serve it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from weerbaar.audit.context import acting_as
from weerbaar.core.demo import build_demo, load_logins, restart_demo, save_logins
from weerbaar.core.serving import gunicorn_command


def use_served_address(url: str) -> None:
    """Links in e-mails and on screen point at the address the demo serves on.

    An explicit ``WEERBAAR_BASE_URL`` wins; otherwise the demo's own address becomes the public
    address, for this process (the demo data) and for the server processes started below.
    """
    if os.environ.get("WEERBAAR_BASE_URL"):
        return
    settings.BASE_URL = url.rstrip("/")
    os.environ["WEERBAAR_BASE_URL"] = settings.BASE_URL


class Command(BaseCommand):
    help = (
        "Serve the demo municipality on an embedded SQLite database (built on the first start, "
        "kept on later starts; --fresh builds it anew)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="build the data and stop")
        parser.add_argument("--size", choices=["normal", "small"], default="normal")
        parser.add_argument(
            "--fresh", action="store_true", help="remove the demo database and build it anew"
        )

    def handle(
        self, *args, port: int, host: str, no_serve: bool, size: str, fresh: bool, **options
    ):
        if not settings.DEMO_MODE:
            raise CommandError("The demo only runs in demo mode: start it with 'weerbaar demo'.")
        if not 1 <= port <= 65535:
            raise CommandError(f"Port {port} is not a valid port number.", returncode=2)
        db_path = Path(settings.DATABASES["default"]["NAME"])
        logins_path = db_path.with_name(db_path.stem + "-logins.json")
        db_path.parent.mkdir(parents=True, exist_ok=True)
        build = fresh or not db_path.exists() or not logins_path.exists()
        if build:
            connections.close_all()  # never keep writing to a file that is about to be removed
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        url = f"http://{host}:{port}/"
        use_served_address(url)
        self.stdout.write(
            "Preparing the demo database …" if build else "Starting the existing demo database …"
        )
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        with acting_as(None, label="demo"):
            if build:
                ctx = build_demo(size=size)
                save_logins(logins_path, ctx.logins)
            else:
                ctx = restart_demo(load_logins(logins_path))
        lines = [
            "",
            "Weerbaar demo — Gemeente Voorbeeld (fictitious data)",
            f"  URL: {url}",
            "  Demo logins (work only in demo mode, where they skip the second factor):",
        ]
        width = max((len(login.label) for login in ctx.logins), default=0)
        for login in ctx.logins:
            lines.append(
                f"    {login.label:<{width}}  {login.email:<30}  password: {login.password}"
            )
        if "respondent_link" in ctx.objects:
            link = ctx.objects["respondent_link"]
            lines.append(f"  Answer the open survey as a respondent: {link}")
        if not build:
            lines.append("  Data and answers in progress are kept; 'weerbaar demo --fresh' resets.")
        lines.append("  Stop with Ctrl+C.")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()
        if no_serve:
            return
        cmd = gunicorn_command(
            f"{host}:{port}", workers=2, threads=4, access_log=True, log_level="warning"
        )
        # One secret key for all server processes, so that a login holds across workers.
        os.environ["WEERBAAR_SECRET_KEY"] = settings.SECRET_KEY
        os.execv(sys.executable, cmd)  # noqa: S606 (replace this process by the server)
