"""Single-event appends over HTTP: ``chronicle serve`` (uvicorn) on 127.0.0.1, N concurrent clients.

Each client posts one envelope per request (``POST /api/events`` with a bearer token) as fast as answers
come back, for some seconds; the figure is 201s per second, with every other status counted as an error.
The envelopes are the generator's facts (corrections are left out: they name targets another client may not
have appended yet); those that carry a source's full text are appended first, one by one, untimed.

    python -m bench.http_load DATABASE_URL EVENTS_FILE [--clients 4] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.common import ROOT, percentile

TOKEN = "bench-token"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _facts(events_file: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with open(events_file, "rb") as stream:
        for line in stream:
            envelope = orjson.loads(line)
            if "target" not in envelope:
                out.append(envelope)
                if len(out) == n:
                    break
    return out


def run(database_url: str, events_file: Path, *, clients: int = 4, seconds: float = 10.0) -> dict[str, Any]:
    envelopes = _facts(events_file, 50_000)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONICLE_")}
    env.update(CHRONICLE_DATABASE_URL=database_url, CHRONICLE_API_TOKENS=TOKEN)
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-serve-{port}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("chronicle")), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--no-bundle"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
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

            threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
            began = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    ok = statuses.get(201, 0)
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "appended": ok,
        "ev_s": round(ok / elapsed, 1),
        "errors": sum(n for s, n in statuses.items() if s != 201),
        "statuses": {str(k): v for k, v in statuses.items()},
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("events_file")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    print(orjson.dumps(run(args.database_url, Path(args.events_file), clients=args.clients,
                           seconds=args.seconds)).decode())


if __name__ == "__main__":
    main()
