"""What the benchmarks share: the machine, generated files, fresh databases, timing and percentiles."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from chronicle.store.database import Database, engine_url

ROOT = Path(__file__).resolve().parents[1]


def machine() -> dict[str, Any]:
    """What the figures were measured on, including how fast this CPU runs plain Python right now."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    start = time.perf_counter()
    x = 0
    for i in range(2_000_000):
        x += i
    loop = (time.perf_counter() - start) * 5  # seconds for 10 million iterations of `x += i`
    memory = None
    try:
        memory = round(int(Path("/proc/meminfo").read_text().split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "load_average": list(os.getloadavg()),
        "python_loop_1e7_s": round(loop, 2),
    }


def generated(workdir: Path, n: int, relationships: int = 200, seed: int = 1) -> Path:
    """The generator's file of ``n`` events (made once per work folder; the generator is deterministic)."""
    path = workdir / f"events-{n}-{relationships}-{seed}.jsonl"
    if not path.exists():
        part = path.with_suffix(".part")
        with open(part, "wb") as out:
            subprocess.run(
                [sys.executable, "-m", "bench.generate", str(n), "--relationships", str(relationships),
                 "--seed", str(seed)],
                stdout=out, check=True, cwd=ROOT,
            )
        part.rename(path)
    return path


@dataclass
class Databases:
    """Fresh migrated databases on one engine: SQLite files in the work folder, or PostgreSQL databases."""

    workdir: Path
    pg_url: str | None = None
    made: list[str] = field(default_factory=list)

    @property
    def engine(self) -> str:
        return "postgresql" if self.pg_url else "sqlite"

    def fresh(self, name: str, *, migrated: bool = True) -> str:
        """A new database (a file or a PostgreSQL database), migrated to this code's head unless ``migrated``
        is false (another checkout's code migrates it)."""
        if self.pg_url is None:
            path = self.workdir / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        else:
            server = make_url(engine_url(self.pg_url))
            database = f"bench_{name}_{uuid.uuid4().hex[:6]}".lower()
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{database}"')
            admin.dispose()
            url = server.set(database=database).render_as_string(hide_password=False)
        if migrated:
            db = Database(url)
            db.upgrade()
            db.dispose()
        self.made.append(url)
        return url

    def drop_all(self) -> None:
        for url in self.made:
            if url.startswith("sqlite"):
                path = make_url(url).database
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            else:
                server = make_url(engine_url(self.pg_url))
                admin = create_engine(server, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
                admin.dispose()
        self.made.clear()


def fact_envelopes(events_file: Path, n: int) -> list[dict[str, Any]]:
    """The first ``n`` facts of a generated file (corrections left out: they name targets appended before)."""
    import orjson

    out = []
    with open(events_file, "rb") as stream:
        for line in stream:
            envelope = orjson.loads(line)
            if "target" not in envelope:
                out.append(envelope)
                if len(out) == n:
                    break
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


def in_threads(work: Callable[[int], None], n: int) -> float:
    """Run ``work(0)`` … ``work(n - 1)`` in ``n`` threads at once; the seconds until the last one ends."""
    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start
