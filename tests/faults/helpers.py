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

__all__ = ["CHRONICLE", "ROOT", "TOKEN", "chronicle", "env_for", "generate", "read_elsewhere", "serving"]


def generate(path: Path, n: int, *, relationships: int = 50, seed: int = 1) -> Path:
    with open(path, "wb") as out:
        subprocess.run([sys.executable, "-m", "bench.generate", str(n), "--relationships", str(relationships),
                        "--seed", str(seed)], stdout=out, check=True, cwd=ROOT)
    return path


def read_elsewhere(database_url: str) -> None:
    """Read the relationships as another process would (a chronicle of its own), which catches the projection
    up first, and check that the projection is then what a rebuild makes and what verify calls a replay's."""
    from chronicle.application import Chronicle
    from tests.projections.test_rebuild_property import dump

    reader = Chronicle(database_url=database_url)
    try:
        assert sum(r["events"] for r in reader.records.relationships()) > 0
        assert reader.projector.behind() == 0
        projected = dump(reader)
        reader.rebuild()
        assert dump(reader) == projected
        report = reader.verify()
        assert report.ok and report.projection == "matches a replay" and report.projection_behind == 0
    finally:
        reader.close()
