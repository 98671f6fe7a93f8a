#!/usr/bin/env python3
"""Build the bundled chronicle in ``data/`` (see ``bundle/build.py`` and data/README.md).

    .venv/bin/python scripts/build_bundle.py            # build data/*.jsonl and the counts in data/README.md
    .venv/bin/python scripts/build_bundle.py --check    # build in memory and fail if data/ differs
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bundle.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
