"""Single-event appends over HTTP: ``chronicle serve`` (uvicorn) on 127.0.0.1, N concurrent clients.

Each client posts one envelope per request (``POST /api/events`` with a bearer token) as fast as answers
come back, for some seconds; the figure is 201s per second, with every other status counted as an error.
The envelopes are the generator's facts (corrections are left out: they name targets another client may not
have appended yet); those that carry a source's full text are appended first, one by one, untimed.

    python -m bench.http_load DATABASE_URL EVENTS_FILE [--clients 8] [--seconds 10] [--lean] [--source DIR]

``--lean`` serves with ``CHRONICLE_LEAN_APPENDS=1`` (appends answered once committed, their projection left
to the reads' catch-up). ``server_cpu_ms`` is the server process's CPU time per appended event over the timed
part (Linux: ``/proc``), ``client_cpu_ms`` this process's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.common import ROOT, fact_envelopes, in_threads, percentile
from bench.server import serving_process

TOKEN = "bench-token"


def _cpu_seconds(pid: int) -> float | None:
    """A process's CPU time (user + system) so far, or None where /proc does not tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(
    database_url: str, events_file: Path, *, clients: int = 8, seconds: float = 10.0, lean: bool = False,
    source: Path | None = None,
) -> dict[str, Any]:
    """``source``: serve the code of another checkout (``git worktree add DIR COMMIT``) with this interpreter;
    the database, empty, is then migrated by that code first."""
    envelopes = fact_envelopes(events_file, 50_000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONICLE_")}
    env.update(CHRONICLE_DATABASE_URL=database_url, CHRONICLE_API_TOKENS=TOKEN,
               CHRONICLE_LEAN_APPENDS="1" if lean else "0")
    chronicle = [str(Path(sys.executable).with_name("chronicle"))]
    cwd = ROOT
    if source is not None:
        env["PYTHONPATH"] = str(source)
        chronicle, cwd = [sys.executable, "-m", "chronicle"], source
        subprocess.run([*chronicle, "db", "upgrade"], env=env, cwd=cwd, check=True, capture_output=True)
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    with serving_process(chronicle, ["--no-bundle"], env, log_dir, cwd=cwd, start_seconds=60) as (base, server):
        statuses: dict[int, int] = {}
        latencies: list[float] = []
        lock = threading.Lock()
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        with httpx.Client(base_url=base, limits=limits, timeout=60,
                          headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            # first, one by one, the events that carry a source's text: the others name those sources by key
            full = [e for e in envelopes if any("text" in c["source"] for c in e["citations"])]
            for envelope in full:
                client.post("/api/events", json=envelope).raise_for_status()
            envelopes = [e for e in envelopes if not any("text" in c["source"] for c in e["citations"])]
            server_cpu, client_cpu = _cpu_seconds(server.pid), time.process_time()
            stop = time.perf_counter() + seconds

            def work(k: int) -> None:
                i = k
                while time.perf_counter() < stop and i < len(envelopes):
                    start = time.perf_counter()
                    status = client.post("/api/events", content=orjson.dumps(envelopes[i]),
                                         headers={"Content-Type": "application/json"}).status_code
                    took = time.perf_counter() - start
                    with lock:
                        statuses[status] = statuses.get(status, 0) + 1
                        latencies.append(took * 1000)
                    i += clients

            elapsed = in_threads(work, clients)
            server_after, client_cpu = _cpu_seconds(server.pid), time.process_time() - client_cpu
    ok = statuses.get(201, 0)
    per_event = lambda cpu: None if cpu is None or not ok else round(cpu * 1000 / ok, 2)  # noqa: E731
    return {
        "clients": clients,
        "lean": lean,
        "source": None if source is None else str(source),
        "seconds": round(elapsed, 2),
        "appended": ok,
        "ev_s": round(ok / elapsed, 1),
        "errors": sum(n for s, n in statuses.items() if s != 201),
        "statuses": {str(k): v for k, v in statuses.items()},
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "server_cpu_ms": per_event(None if server_cpu is None or server_after is None else server_after - server_cpu),
        "client_cpu_ms": per_event(client_cpu),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("events_file")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--lean", action="store_true", help="serve with CHRONICLE_LEAN_APPENDS=1")
    parser.add_argument("--source", type=Path, help="serve another checkout's code (the database must be empty)")
    args = parser.parse_args(argv)
    print(orjson.dumps(run(args.database_url, Path(args.events_file), clients=args.clients,
                           seconds=args.seconds, lean=args.lean, source=args.source)).decode())


if __name__ == "__main__":
    main()
