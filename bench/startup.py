"""How long a reader waits before the chronicle answers: a ``chronicle`` command's start, a server's first answer.

- ``cli``: ``chronicle --help`` and ``chronicle state BY KR`` on a migrated database (in ``python -m bench``),
  and ``chronicle verify`` and ``chronicle extract`` of one short article too (run alone, below), each run
  ``repeat`` times; the median wall time and the median and least CPU time (user + system) of the process. CPU time is the figure to compare on a shared machine: it does not
  grow while the process waits for a core.
- ``server``: ``chronicle serve --no-bundle`` on a migrated database, from the process's start until
  ``/api/health`` first answers 200 (wall time, and the CPU time the server had used by then), then the time
  of the first ``/api/relations/BY/KR``.

Each command runs as ``python -m chronicle`` from ``source`` (this checkout by default; another checkout of
the project, e.g. ``git worktree add /tmp/before <commit>``, to measure that code with the same interpreter and
packages). The source's modules are byte-compiled first, as an installed package's are: with
``PYTHONDONTWRITEBYTECODE`` set (as on the shared machine) every start would otherwise compile them again.

    python -m bench.startup sqlite:////tmp/startup/c.db [--repeat 7] [--source DIR] [--no-server]
"""

from __future__ import annotations

import argparse
import compileall
import json
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
from bench.server import serving_process

ARTICLE = ROOT / "tests" / "importers" / "articles" / "ru_wire_china_plain.txt"  # 1.4 kB of Russian news
COMMANDS = {
    "help": ["--help"],
    "state": ["state", "BY", "KR"],
    "verify": ["verify"],
    "extract": ["extract", str(ARTICLE)],
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def _environment(database_url: str, source: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONICLE_")}
    env["CHRONICLE_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(source)
    return env


def compiled(source: Path) -> None:
    """Byte-compile the project's packages in ``source`` (quietly; nothing is written where it is current)."""
    for package in ("chronicle", "api", "importers", "migrations"):
        if (source / package).is_dir():
            compileall.compile_dir(source / package, quiet=1)


def cli(database_url: str, repeat: int = 5, source: Path = ROOT, names: tuple[str, ...] = ("help", "state")) -> dict[str, Any]:
    compiled(source)
    env = _environment(database_url, source)
    out: dict[str, Any] = {}
    for name in names:
        runs = [_timed([sys.executable, "-m", "chronicle", *COMMANDS[name]], env, source) for _ in range(repeat)]
        out[name] = {
            "wall_s": round(statistics.median(r[0] for r in runs), 3),
            "cpu_s": round(statistics.median(r[1] for r in runs), 3),
            "cpu_min_s": round(min(r[1] for r in runs), 3),
        }
    return out


def _process_cpu(pid: int) -> float:
    """The CPU time (user + system) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server(database_url: str, timeout: float = 60, source: Path = ROOT) -> dict[str, Any]:
    compiled(source)
    env = _environment(database_url, source)
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    start = time.perf_counter()
    with serving_process([sys.executable, "-m", "chronicle"], ["--no-bundle"], env, log_dir, cwd=source,
                         start_seconds=timeout) as (url, process):
        health = time.perf_counter() - start  # serving_process() polls /api/health every 50 ms until it answers 200
        cpu = _process_cpu(process.pid)
        asked = time.perf_counter()
        httpx.get(f"{url}/api/relations/BY/KR", timeout=60).raise_for_status()
        state = time.perf_counter() - asked
    return {"first_health_s": round(health, 2), "first_health_cpu_s": round(cpu, 2), "first_state_s": round(state, 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Start-up of the chronicle's commands and server.")
    parser.add_argument("database_url", help="a migrated database, e.g. sqlite:////tmp/startup/c.db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose code runs (default: this one)")
    parser.add_argument("--no-server", action="store_true")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"source": str(args.source), "load_before": os.getloadavg()[0]}
    out["cli"] = cli(args.database_url, args.repeat, args.source.resolve(), tuple(COMMANDS))
    if not args.no_server:
        out["server"] = server(args.database_url, source=args.source.resolve())
    out["load_after"] = os.getloadavg()[0]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
