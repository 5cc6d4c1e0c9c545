"""Where the shipped library bundles live (no Django imports: safe at app-loading time)."""

from __future__ import annotations

import re
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"


def shipped_bundles() -> list[Path]:
    """The bundles that ship with Weerbaar, oldest version first."""
    if not CONTENT_DIR.exists():
        return []
    dirs = [p for p in CONTENT_DIR.iterdir() if (p / "manifest.yaml").exists()]
    return sorted(
        dirs, key=lambda p: [int(x) if x.isdigit() else x for x in re.split(r"[.-]", p.name)]
    )


def latest_shipped_bundle() -> Path:
    """Folder of the newest shipped bundle (apps read their default documents here)."""
    return shipped_bundles()[-1]
