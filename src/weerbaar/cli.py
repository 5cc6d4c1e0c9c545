"""The ``weerbaar`` command: operational tasks (demo, serve, library, bench, …).

Every Django management command is available too: ``weerbaar migrate``,
``weerbaar createsuperuser``, ``weerbaar library load``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        # The demo always runs on its own embedded SQLite database, in demo mode.
        os.environ["WEERBAAR_DEMO"] = "1"
        os.environ.pop("DATABASE_URL", None)
        var_dir = Path(os.environ.get("WEERBAAR_VAR_DIR", Path.cwd() / "var"))
        os.environ["WEERBAAR_SQLITE_PATH"] = str(var_dir / "demo.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerbaar.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
