"""Subprocesses for the fault tests: the ``chronicle`` command, generated chronicles, a served API
(shared with the API tests: ``tests/api/servers.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.api.conftest import WRITE_TOKEN as TOKEN
from tests.api.servers import CHRONICLE, ROOT, serving
from tests.api.servers import chronicle_env as env_for
from tests.api.servers import run_chronicle as chronicle

__all__ = ["CHRONICLE", "ROOT", "TOKEN", "chronicle", "env_for", "generate", "serving"]


def generate(path: Path, n: int, *, relationships: int = 50, seed: int = 1) -> Path:
    with open(path, "wb") as out:
        subprocess.run([sys.executable, "-m", "bench.generate", str(n), "--relationships", str(relationships),
                        "--seed", str(seed)], stdout=out, check=True, cwd=ROOT)
    return path
