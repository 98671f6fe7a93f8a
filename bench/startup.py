"""How long a reader waits before the chronicle answers: a ``chronicle`` command's start, a server's first answer.

- ``cli``: ``chronicle --help`` and ``chronicle state BY KR`` on a migrated database, each run ``repeat``
  times; the median wall time and the median CPU time (user + system) of the process. CPU time is the figure
  to compare on a shared machine: it does not grow while the process waits for a core.
- ``server``: ``chronicle serve --no-bundle`` on a migrated database, from the process's start until
  ``/api/health`` first answers 200, then the time of the first ``/api/relations/BY/KR``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT
from bench.server import serving


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def cli(database_url: str, repeat: int = 5) -> dict[str, Any]:
    chronicle = str(Path(sys.executable).with_name("chronicle"))
    env = {**os.environ, "CHRONICLE_DATABASE_URL": database_url}
    out: dict[str, Any] = {}
    for name, args in (("help", ["--help"]), ("state", ["state", "BY", "KR"])):
        runs = [_timed([chronicle, *args], env) for _ in range(repeat)]
        out[name] = {
            "wall_s": round(statistics.median(r[0] for r in runs), 3),
            "cpu_s": round(statistics.median(r[1] for r in runs), 3),
        }
    return out


def server(database_url: str, timeout: float = 60) -> dict[str, Any]:
    chronicle = [str(Path(sys.executable).with_name("chronicle"))]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONICLE_")}
    env["CHRONICLE_DATABASE_URL"] = database_url
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    start = time.perf_counter()
    with serving(chronicle, ["--no-bundle"], env, log_dir, cwd=ROOT, start_seconds=timeout) as url:
        health = time.perf_counter() - start  # serving() polls /api/health every 50 ms until it answers 200
        asked = time.perf_counter()
        httpx.get(f"{url}/api/relations/BY/KR", timeout=60).raise_for_status()
        state = time.perf_counter() - asked
    return {"first_health_s": round(health, 2), "first_state_s": round(state, 3)}
