"""The chronicle's side of the benchmarks: bulk append, feed read-through, rebuild, state queries."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from bench.common import ROOT, fact_envelopes, percentile
from bench.generate import relationships
from chronicle.application import Chronicle


def bulk_append(
    database_url: str, events_file: Path, *, batches: int = 1, total: int = 0, project: bool = False
) -> dict[str, Any]:
    """Append the file through Chronicle.append (project=False unless ``project``) in a process of its own;
    its peak RSS."""
    command = [sys.executable, "-m", "bench.append_worker", str(events_file)]
    if batches > 1:
        command += ["--batches", str(batches), "--total", str(total)]
    if project:
        command.append("--project")
    env = {**os.environ, "CHRONICLE_DATABASE_URL": database_url}
    done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"the append failed: {done.stderr.decode()[-2000:]}")
    return orjson.loads(done.stdout.splitlines()[-1])


def cli(database_url: str, *args: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Run a ``chronicle`` command on the database; its wall time (start-up included)."""
    env = {**os.environ, "CHRONICLE_DATABASE_URL": database_url}
    executable = Path(sys.executable).with_name("chronicle")
    start = time.perf_counter()
    done = subprocess.run([str(executable), *args], capture_output=True, env=env, check=False, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"chronicle {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return elapsed, done


def rebuild(database_url: str) -> dict[str, Any]:
    """``chronicle rebuild``, timed as a command (interpreter start-up included), and the projector's own time."""
    wall, _ = cli(database_url, "rebuild")
    app = Chronicle(database_url=database_url)
    events = app.head().position
    app.close()
    return {"events": events, "rebuild_s": round(wall, 2), "rebuild_ev_s": round(events / wall)}


def feed(database_url: str, page: int = 1000) -> dict[str, Any]:
    """Read the whole feed with Recorder.read_page, page after page (``after=`` the last position)."""
    app = Chronicle(database_url=database_url)
    start = time.perf_counter()
    after, seen = 0, 0
    while True:
        events, after, head = app.recorder.read_page(after, page)
        if not events:
            break
        seen += len(events)
    elapsed = time.perf_counter() - start
    app.close()
    return {"events": seen, "page": page, "seconds": round(elapsed, 3), "feed_ev_s": round(seen / elapsed)}


def _as_of(rng: random.Random) -> str | None:
    if rng.random() < 0.1:
        return None
    year = rng.randint(1950, 2030)
    kind = rng.random()
    if kind < 0.5:
        return str(year)
    if kind < 0.8:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def state_queries(database_url: str, queries: int, *, seed: int = 11, pairs: list[tuple[str, str]] | None = None,
                  warmup: int = 20) -> dict[str, Any]:
    """Random state queries: a relationship (uniform among the 200, or from ``pairs``), a random ``as_of``
    (a year, month or day in 1950-2030, or none one time in ten) and a random ``known_at`` (a moment just
    after one of the chronicle's transactions, or none one time in ten)."""
    app = Chronicle(database_url=database_url)
    with app.db.read() as conn:
        times = [app.recorder.dialect.decode_timestamp(r[0]) for r in conn.exec_driver_sql(
            "SELECT recorded_at FROM transactions ORDER BY last_position")]
    rng = random.Random(seed)
    choices = pairs or relationships(200)
    timings: list[float] = []
    for i in range(warmup + queries):
        a, b = choices[rng.randrange(len(choices))]
        as_of = _as_of(rng)
        known_at: datetime | None = rng.choice(times) if times and rng.random() >= 0.1 else None
        start = time.perf_counter()
        app.state(a, b, as_of=as_of, known_at=known_at)
        if i >= warmup:
            timings.append((time.perf_counter() - start) * 1000)
    app.close()
    return {
        "queries": queries,
        "transactions": len(times),
        "p50_ms": round(percentile(timings, 0.5), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
        "max_ms": round(max(timings), 2),
    }


def relationship_sizes(database_url: str) -> dict[str, Any]:
    app = Chronicle(database_url=database_url)
    with app.db.read() as conn:
        sizes = sorted(r[0] for r in conn.exec_driver_sql("SELECT events FROM relationship_summary"))
    app.close()
    return {"median": sizes[len(sizes) // 2] if sizes else 0, "p95": percentile(sizes, 0.95) if sizes else 0,
            "largest": sizes[-1] if sizes else 0}


def importer_speed(repeat: int = 5) -> dict[str, Any]:
    """The importer's own benchmark, ``bench/extract_speed.py`` (written with the importers), when it exists:
    KiB of article text extracted per second of CPU (one core) and of wall-clock time."""
    script = ROOT / "bench" / "extract_speed.py"
    if not script.exists():
        return {"skipped": "bench/extract_speed.py does not exist yet"}
    done = subprocess.run([sys.executable, str(script), "--repeat", str(repeat)], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=600)
    if done.returncode != 0:
        return {"skipped": f"extract_speed.py exited with {done.returncode}: {done.stderr.strip()[-500:]}"}
    out: dict[str, Any] = {"output": done.stdout.strip().splitlines()}
    for line in out["output"]:
        if line.startswith("speed:"):
            words = line.replace(";", " ").split()
            numbers = [float(w) for w in words if w.replace(".", "", 1).isdigit()]
            if len(numbers) >= 2:
                out["kib_s_per_core"], out["kib_s_wall"] = numbers[0], numbers[1]
    return out


def single_appends(database_url: str, events_file: Path, n: int = 300, *, lean: bool = False) -> dict[str, Any]:
    """``n`` one-event appends in this process (Chronicle.append of one envelope, projected, as the HTTP API
    does), one after another; the facts that carry a source's full text are appended first, untimed. ``lean``:
    Chronicle.append_unprojected instead, and then the catch-up the next read runs (``catch_up_s``: the
    projection of the ``n`` events deferred to it; ``ev_s_with_catch_up`` counts it in)."""
    facts = fact_envelopes(events_file, 20 * n)
    full = [e for e in facts if any("text" in c["source"] for c in e["citations"])]
    named = [e for e in facts if e not in full][:n]
    app = Chronicle(database_url=database_url)
    app.append(full, collect=False)
    append = app.append_unprojected if lean else app.append
    timings: list[float] = []
    start = time.perf_counter()
    for envelope in named:
        began = time.perf_counter()
        append([envelope])
        timings.append((time.perf_counter() - began) * 1000)
    elapsed = time.perf_counter() - start
    out: dict[str, Any] = {"appends": len(named), "ev_s": round(len(named) / elapsed, 1)}
    if lean:
        began = time.perf_counter()
        caught_up = app.ensure_projected()
        catch_up = time.perf_counter() - began
        assert caught_up == len(named), caught_up
        out["catch_up_s"] = round(catch_up, 3)
        out["ev_s_with_catch_up"] = round(len(named) / (elapsed + catch_up), 1)
    app.close()
    return {**out, "p50_ms": round(percentile(timings, 0.5), 2), "p95_ms": round(percentile(timings, 0.95), 2)}


# What an analyst types into the search of the generated chronicle (bench/generate.py's words): names of
# forums, visitors, ventures and bodies, agreement subjects, kinds, quoted sentences, and partners' names in
# English and in Russian case forms (which match every fact of a partner: the broadest queries).
SEARCH_WORDS = {
    "named": ["Forum {n}", "Minister {n}", "Joint venture {n}", "Spokesperson {n}", "Sentence {n} document"],
    "subject": ["double taxation", "visa-free travel", "investment protection", "business council", "joint commission",
                "working group industry", "committee science", "agreements customs", "sanctions", "exhibition",
                "round table", "consulate", "export control", "trade turnover"],
    "partner": ["Korea", "Кореи", "Вьетнаме", "China", "Индии", "Kazakhstan"],
}
SEARCH_MIX = (("named", 0.5), ("subject", 0.4), ("partner", 0.1))
FACETS_OF = ["partner", "type", "year"]


def search_queries(database_url: str, queries: int, *, seed: int = 13, warmup: int = 20) -> dict[str, Any]:
    """Random searches (Chronicle.search, a page of 20 with its facet counts): the words from
    :data:`SEARCH_WORDS` by :data:`SEARCH_MIX`; with a facet chosen (a partner, a type or a year) one time in
    three; a random ``as_of`` (as the state queries) half the time and a ``known_at`` just after one of the
    chronicle's transactions half the time. Timings by kind of words too, and the matches' median."""
    from bench.generate import FACT_WEIGHTS, STATES

    app = Chronicle(database_url=database_url)
    with app.db.read() as conn:
        times = [app.recorder.dialect.decode_timestamp(r[0]) for r in conn.exec_driver_sql(
            "SELECT recorded_at FROM transactions ORDER BY last_position")]
    rng = random.Random(seed)
    kinds, weights = zip(*SEARCH_MIX, strict=True)
    timings: list[float] = []
    by_kind: dict[str, list[float]] = {kind: [] for kind in kinds}
    totals: list[int] = []
    for i in range(warmup + queries):
        kind = rng.choices(kinds, weights)[0]
        words = rng.choice(SEARCH_WORDS[kind]).format(n=rng.randint(1, 300))
        asked: dict[str, Any] = {}
        if rng.random() < 1 / 3:
            facet = rng.choice(FACETS_OF)
            asked[facet] = {"partner": lambda: rng.choice(STATES[1:]), "type": lambda: rng.choice(list(FACT_WEIGHTS)),
                            "year": lambda: rng.randint(1950, 2030)}[facet]()
        if rng.random() < 0.5:
            asked["as_of"] = _as_of(rng)
        if times and rng.random() < 0.5:
            asked["known_at"] = rng.choice(times)
        start = time.perf_counter()
        found = app.search(words, **asked)
        elapsed = (time.perf_counter() - start) * 1000
        if i >= warmup:
            timings.append(elapsed)
            by_kind[kind].append(elapsed)
            totals.append(found["total"])
    app.close()
    return {
        "queries": queries,
        "p50_ms": round(percentile(timings, 0.5), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
        "max_ms": round(max(timings), 2),
        "by_kind_p95_ms": {k: round(percentile(v, 0.95), 2) for k, v in by_kind.items() if v},
        "by_kind_queries": {k: len(v) for k, v in by_kind.items()},
        "matches_median": sorted(totals)[len(totals) // 2],
        "matches_max": max(totals),
    }
