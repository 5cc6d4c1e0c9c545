#!/usr/bin/env python
"""Django's command-line utility; ``weerbaar`` does the same with a few extras."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from weerbaar.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
