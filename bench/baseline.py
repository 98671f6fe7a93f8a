"""The baseline: the ``eventsourcing`` library (9.5.x from PyPI) on SQLite, in the same work folder (same disk).

- ``bulk``: the same N envelopes saved at once — as one ``Application.save`` of an aggregate with N pending
  events (the library maps each event to a stored event, then its SQLite application recorder inserts them
  in one ``insert_events`` call, one transaction), and, as a storage-only floor, one ``insert_events`` call
  of N stored events whose state is the envelope's JSON line as it is.
- ``single``: one event per save, by 1 and by 4 threads (each thread its own aggregate), for some seconds.
- ``replay``: ``repository.get(id, version=v)`` of an aggregate of n events, at random versions: the
  event-sourced way to answer "what was the state as of v" without a projection.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from bench.common import in_threads, percentile


class Relationship(Aggregate):
    """An aggregate that records envelopes, as a relationship's stream would."""

    def __init__(self) -> None:
        self.events = 0
        self.last: dict[str, Any] | None = None

    @event("Recorded")
    def record(self, envelope: dict[str, Any]) -> None:
        self.events += 1
        self.last = envelope


def _fresh(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return str(path)


def _application(path: Path) -> Application:
    return Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": _fresh(path)})


def _lines(path: Path, n: int) -> list[bytes]:
    out = []
    with open(path, "rb") as stream:
        for line in stream:
            out.append(line.rstrip(b"\n"))
            if len(out) == n:
                break
    return out


def bulk(workdir: Path, events_file: Path, n: int) -> dict[str, Any]:
    lines = _lines(events_file, n)
    recorder = SQLiteApplicationRecorder(SQLiteDatastore(_fresh(workdir / "es-insert.db")))
    recorder.create_table()
    originator = uuid.uuid4()
    stored = [StoredEvent(originator, i + 1, "bench.baseline:Relationship.Recorded", line) for i, line in enumerate(lines)]
    start = time.perf_counter()
    recorder.insert_events(stored)
    insert_s = time.perf_counter() - start
    recorder.datastore.close()
    del stored
    _fresh(workdir / "es-insert.db")

    app = _application(workdir / "es-save.db")
    aggregate = Relationship()
    for line in lines:
        aggregate.record(orjson.loads(line))
    del lines
    start = time.perf_counter()
    app.save(aggregate)
    save_s = time.perf_counter() - start
    app.close()
    _fresh(workdir / "es-save.db")
    return {
        "events": n,
        "save_s": round(save_s, 3),
        "save_ev_s": round(n / save_s),
        "insert_events_s": round(insert_s, 3),
        "insert_events_ev_s": round(n / insert_s),
    }


def single(workdir: Path, events_file: Path, seconds: float, threads: int) -> dict[str, Any]:
    envelopes = [orjson.loads(line) for line in _lines(events_file, 20_000)]
    app = _application(workdir / f"es-single-{threads}.db")
    counts = [0] * threads
    stop = time.perf_counter() + seconds
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            aggregate = Relationship()
            i = k
            while time.perf_counter() < stop:
                aggregate.record(envelopes[i % len(envelopes)])
                app.save(aggregate)
                counts[k] += 1
                i += threads
        except BaseException as exc:  # noqa: BLE001 - reported
            errors.append(exc)

    elapsed = in_threads(work, threads)
    app.close()
    _fresh(workdir / f"es-single-{threads}.db")
    return {"threads": threads, "saves": sum(counts), "ev_s": round(sum(counts) / elapsed), "errors": len(errors)}


def replay(workdir: Path, events_file: Path, size: int, queries: int, seed: int = 7) -> dict[str, Any]:
    """p50/p95 of ``get(id, version=v)`` for an aggregate of ``size`` events, v uniform in 1..size."""
    envelopes = [orjson.loads(line) for line in _lines(events_file, size)]
    app = _application(workdir / f"es-replay-{size}.db")
    aggregate = Relationship()
    for i, envelope in enumerate(envelopes, 1):
        aggregate.record(envelope)
        if i % 10_000 == 0:
            app.save(aggregate)
    app.save(aggregate)
    rng = random.Random(seed)
    timings = []
    for _ in range(queries):
        version = rng.randint(1, size + 1)  # the aggregate's own creation event is version 1
        start = time.perf_counter()
        app.repository.get(aggregate.id, version=version)
        timings.append((time.perf_counter() - start) * 1000)
    app.close()
    _fresh(workdir / f"es-replay-{size}.db")
    return {
        "aggregate_events": size,
        "queries": queries,
        "p50_ms": round(percentile(timings, 0.5), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
    }


if __name__ == "__main__":  # a quick look: python -m bench.baseline FILE N
    import sys

    work = Path(os.environ.get("BENCH_WORKDIR", "/tmp"))
    print(bulk(work, Path(sys.argv[1]), int(sys.argv[2])))
