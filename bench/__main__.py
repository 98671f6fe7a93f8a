"""``python -m bench``: the chronicle's benchmarks, each side by side with the eventsourcing library.

    python -m bench --quick                 # 100k events, well under a minute; prints one JSON object
    python -m bench --full                  # 1M events (bulk, feed, rebuild, state at 10k/100k/1M)
    python -m bench --full --postgres URL   # the chronicle on PostgreSQL (the baseline stays on SQLite)
    python -m bench --quick --http          # adds single-event appends over HTTP, 8 clients
    python -m bench --quick --http --http-before DIR   # and the same load on another checkout's server
    python -m bench --full --only-search    # only search (with facets) at 10k/100k/1M
    python -m bench --only-state 1000000    # only the state queries (uniform, BY:KR) at 10k and that size

Options: --workdir DIR (generated files and databases; default /tmp/chronicle-bench), --out FILE (also
write the JSON there), --no-baseline. Generated files are kept in the work folder and reused.

Figures (see docs/benchmarks.md): ``bulk_append_ev_s`` (one atomic append of the whole file through
Chronicle.append, validation, hash chain and indexes included, project=False; its process's peak RSS in
``bulk.peak_rss_mib``), ``eventsourcing_bulk_ev_s`` (one Application.save of as many events),
``feed_ev_s`` (Recorder.read_page, 1000 at a time), ``rebuild_s`` (``chronicle rebuild`` of the largest
state database), ``asof_p95_ms`` / ``asof_p95_ms_small`` (p95 of random state queries with as_of and
known_at at the largest and the smallest size), ``raw_sqlite_ev_s`` (SQLite's own floor: the rows the bulk
append wrote, written again with executemany into a fresh migrated database, hash chain included; see
bench/raw_sqlite.py) and ``bulk_vs_raw_sqlite``, ``append_projected_vs_alone`` (the same 100k append with
its projection, as ``chronicle append`` does it, over the append alone), ``single_ev_s`` (one-event appends
in process, projected) and ``single_lean_ev_s`` (Chronicle.append_unprojected, their projection left to the
next read's catch-up, timed apart as ``single_lean.catch_up_s``) beside one thread of eventsourcing's ``save``, ``startup`` (CPU and wall time of
``chronicle --help`` and ``chronicle state BY KR``; ``chronicle serve``'s first answer), ``importer_kib_s`` (KiB of article text per second of one
core, from ``bench/extract_speed.py`` when it and its corpus exist). ``ratios`` lists each target of
issue 14 with this run's figure and whether it is met (also printed on standard error).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from bench import baseline, raw_sqlite, startup, workloads
from bench.common import Databases, generated, machine

QUICK = {"events": 100_000, "sizes": [10_000, 100_000], "queries": 150, "state_batches": 50}
PROJECTED_EVENTS = 100_000  # `chronicle append` with its projection is compared with the append alone at this size
FULL = {"events": 1_000_000, "sizes": [10_000, 100_000, 1_000_000], "queries": 300, "state_batches": 100}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    plan = FULL if args.full else QUICK
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    dbs = Databases(workdir, args.postgres)
    started = time.perf_counter()
    out: dict[str, Any] = {"mode": "full" if args.full else "quick", "engine": dbs.engine, "machine": machine()}
    n = plan["events"]
    try:
        if args.only_search:
            return _search_only(args, plan, dbs, out, started)
        if args.only_state:
            return _state_only(args, plan, dbs, out, started)
        log(f"generating {n} events")
        events_file = generated(workdir, n)

        log("bulk append")
        bulk_db = dbs.fresh("bulk")
        bulk = workloads.bulk_append(bulk_db, events_file)
        out["bulk"] = bulk
        out["bulk_append_ev_s"] = bulk["events_per_s"]

        log("feed read-through")
        out["feed"] = workloads.feed(bulk_db)
        out["feed_ev_s"] = out["feed"]["feed_ev_s"]
        if dbs.engine == "sqlite":
            log("raw SQLite: executemany of the same rows, indexes and hash chain")
            out["raw_sqlite"] = raw_sqlite.run(bulk_db, dbs.fresh("raw"))
            out["raw_sqlite_ev_s"] = out["raw_sqlite"]["events_per_s"]
            out["bulk_vs_raw_sqlite"] = round(bulk["events_per_s"] / out["raw_sqlite_ev_s"], 2)
        dbs.drop_all()

        log("bulk append with its projection (100k)")
        pair_file, alone = events_file, bulk
        if n != PROJECTED_EVENTS:
            pair_file = generated(workdir, PROJECTED_EVENTS)
            alone = workloads.bulk_append(dbs.fresh("alone"), pair_file)
        projected = workloads.bulk_append(dbs.fresh("projected"), pair_file, project=True)
        out["bulk_projected"] = {"alone": alone, "projected": projected}
        out["append_projected_vs_alone"] = round(projected["seconds"] / alone["seconds"], 2)
        dbs.drop_all()

        log("single-event appends in process")
        out["single"] = workloads.single_appends(dbs.fresh("single"), events_file)
        out["single_ev_s"] = out["single"]["ev_s"]
        dbs.drop_all()
        log("single-event appends in process, lean (projected by the next read's catch-up)")
        out["single_lean"] = workloads.single_appends(dbs.fresh("single_lean"), events_file, lean=True)
        out["single_lean_ev_s"] = out["single_lean"]["ev_s"]
        dbs.drop_all()

        out["state"] = {}
        for size in plan["sizes"]:
            log(f"state at {size} events")
            sized_file = generated(workdir, size)
            url = dbs.fresh(f"state{size}")
            workloads.bulk_append(url, sized_file, batches=plan["state_batches"], total=size)
            rebuilt = workloads.rebuild(url)
            entry: dict[str, Any] = {"rebuild": rebuilt, "relationship_rows": workloads.relationship_sizes(url)}
            entry["uniform"] = workloads.state_queries(url, plan["queries"])
            entry["hottest_BY_KR"] = workloads.state_queries(url, max(30, plan["queries"] // 5),
                                                             pairs=[("BY", "KR")])
            log(f"search at {size} events")
            entry["search"] = workloads.search_queries(url, plan["queries"])
            out["state"][str(size)] = entry
            if size == plan["sizes"][0]:
                log("start-up: chronicle commands, the server's first answer")
                out["startup"] = {"cli": startup.cli(url), "server": startup.server(url)}
            dbs.drop_all()
        largest, smallest = str(plan["sizes"][-1]), str(plan["sizes"][0])
        out["asof_p95_ms"] = out["state"][largest]["uniform"]["p95_ms"]
        out["asof_p95_ms_small"] = out["state"][smallest]["uniform"]["p95_ms"]
        out["asof_p95_ratio"] = round(out["asof_p95_ms"] / out["asof_p95_ms_small"], 2)
        out["rebuild_s"] = out["state"][largest]["rebuild"]["rebuild_s"]
        if largest == str(1_000_000):
            out["rebuild_1m_s"] = out["rebuild_s"]
        out["hottest_p95_ms"] = out["state"][largest]["hottest_BY_KR"]["p95_ms"]
        out["search_p95_ms"] = out["state"][largest]["search"]["p95_ms"]

        if args.baseline:
            log("eventsourcing: bulk save")
            es = baseline.bulk(workdir, events_file, n)
            out["eventsourcing_bulk"] = es
            out["eventsourcing_bulk_ev_s"] = es["save_ev_s"]
            out["bulk_vs_eventsourcing_save"] = round(out["bulk_append_ev_s"] / es["save_ev_s"], 2)
            out["bulk_vs_eventsourcing_insert_events"] = round(out["bulk_append_ev_s"] / es["insert_events_ev_s"], 2)
            log("eventsourcing: single-event saves, one thread")
            one = baseline.single(workdir, events_file, 5.0, 1)
            out["eventsourcing_single_1"] = one
            out["single_vs_eventsourcing_save"] = round(out["single_ev_s"] / one["ev_s"], 2)
            out["single_lean_vs_eventsourcing_save"] = round(out["single_lean_ev_s"] / one["ev_s"], 2)
            out["eventsourcing_replay"] = {}
            for size in plan["sizes"]:
                per_relationship = max(1, size // 200)
                log(f"eventsourcing: get(version=) of an aggregate of {per_relationship} events")
                out["eventsourcing_replay"][str(size)] = baseline.replay(
                    workdir, events_file, per_relationship, plan["queries"] // 2
                )
        if args.http:
            from bench import http_load

            clients = args.http_clients
            log(f"HTTP: single-event appends, {clients} clients")
            out["http"] = http_load.run(dbs.fresh("http"), events_file, clients=clients, seconds=args.http_seconds)
            out["http_ev_s"] = out["http"]["ev_s"]
            dbs.drop_all()
            log(f"HTTP: single-event appends, {clients} clients, a lean server (CHRONICLE_LEAN_APPENDS=1)")
            out["http_lean"] = http_load.run(dbs.fresh("http_lean"), events_file, clients=clients,
                                             seconds=args.http_seconds, lean=True)
            out["http_lean_ev_s"] = out["http_lean"]["ev_s"]
            dbs.drop_all()
            if args.http_before:
                log(f"HTTP: single-event appends, {clients} clients, the code of {args.http_before}")
                out["http_before"] = http_load.run(dbs.fresh("http_before", migrated=False), events_file,
                                                   clients=clients, seconds=args.http_seconds,
                                                   source=Path(args.http_before))
                before = out["http_before"]["ev_s"]
                out["http_vs_before"] = round(out["http_ev_s"] / before, 2) if before else None
                out["http_lean_vs_before"] = round(out["http_lean_ev_s"] / before, 2) if before else None
            if args.baseline:
                log("eventsourcing: single-event saves")
                singles = [baseline.single(workdir, events_file, args.http_seconds, threads) for threads in (1, 4)]
                out["eventsourcing_single"] = singles
                out["eventsourcing_single_ev_s"] = max(s["ev_s"] for s in singles)
                out["http_vs_eventsourcing_single"] = round(out["http_ev_s"] / out["eventsourcing_single_ev_s"], 2)
            dbs.drop_all()
        if args.importer:
            log("importer throughput (bench/extract_speed.py)")
            out["importer"] = workloads.importer_speed(repeat=5 if args.full else 2)
            if "kib_s_per_core" in out["importer"]:
                out["importer_kib_s"] = out["importer"]["kib_s_per_core"]
        out["ratios"] = ratios(out)
    finally:
        dbs.drop_all()
    return _finished(out, started)


def _search_only(args: argparse.Namespace, plan: dict[str, Any], dbs: Databases, out: dict[str, Any],
                 started: float) -> dict[str, Any]:
    """``--only-search``: the state databases of each size (appended, then rebuilt, as above) and the search
    queries on them; nothing else."""
    out["search"] = {}
    try:
        for size in plan["sizes"]:
            url, entry = _kept_state_database(args, plan, dbs, size, "search")
            log(f"search at {size} events: queries")
            entry["search"] = workloads.search_queries(url, plan["queries"])
            out["search"][str(size)] = entry
            dbs.drop_all()
        out["search_p95_ms"] = out["search"][str(plan["sizes"][-1])]["search"]["p95_ms"]
        out["ratios"] = ratios(out)
    finally:
        dbs.drop_all()
    out["total_s"] = round(time.perf_counter() - started, 1)
    return out


def _kept_state_database(args: argparse.Namespace, plan: dict[str, Any], dbs: Databases, size: int,
                          prefix: str) -> tuple[str, dict[str, Any]]:
    """A state database of ``size`` events (appended in batches, then rebuilt); with ``--keep`` on SQLite it
    stays in the work folder and is reused by the next run."""
    kept = Path(args.workdir) / f"{prefix}-kept-{size}.db"
    if args.keep and dbs.engine == "sqlite" and kept.exists():
        log(f"{prefix} at {size} events: the kept database {kept}")
        return f"sqlite:///{kept}", {"database": "kept from an earlier run"}
    log(f"{prefix} at {size} events: append and rebuild")
    url = dbs.fresh(f"{prefix}-kept-{size}" if args.keep else f"{prefix}{size}")
    workloads.bulk_append(url, generated(Path(args.workdir), size), batches=plan["state_batches"], total=size)
    entry = {"rebuild": workloads.rebuild(url)}
    if args.keep:
        dbs.made.remove(url)
    return url, entry


def _state_only(args: argparse.Namespace, plan: dict[str, Any], dbs: Databases, out: dict[str, Any],
                started: float) -> dict[str, Any]:
    """``--only-state SIZE``: the state queries of the full run (uniform mix, then BY:KR) at 10k and at SIZE,
    on databases appended and rebuilt as above (reused with ``--keep``); nothing else."""
    out["state"] = {}
    sizes = sorted({10_000, args.only_state})
    queries = FULL["queries"] if args.only_state >= FULL["events"] else plan["queries"]
    try:
        for size in sizes:
            url, entry = _kept_state_database(args, plan, dbs, size, "state")
            log(f"state at {size} events: queries")
            entry["relationship_rows"] = workloads.relationship_sizes(url)
            entry["uniform"] = workloads.state_queries(url, queries)
            entry["hottest_BY_KR"] = workloads.state_queries(url, max(30, queries // 5), pairs=[("BY", "KR")])
            out["state"][str(size)] = entry
            dbs.drop_all()
        largest, smallest = str(sizes[-1]), str(sizes[0])
        out["asof_p95_ms"] = out["state"][largest]["uniform"]["p95_ms"]
        out["asof_p95_ms_small"] = out["state"][smallest]["uniform"]["p95_ms"]
        out["asof_p95_ratio"] = round(out["asof_p95_ms"] / out["asof_p95_ms_small"], 2)
        out["hottest_p95_ms"] = out["state"][largest]["hottest_BY_KR"]["p95_ms"]
        out["ratios"] = ratios(out)
    finally:
        dbs.drop_all()
    return _finished(out, started)



def _finished(out: dict[str, Any], started: float) -> dict[str, Any]:
    """The run's JSON with the load average at its end and its duration."""
    out["machine"]["load_average_after"] = list(__import__("os").getloadavg())
    out["total_s"] = round(time.perf_counter() - started, 1)
    return out

# The figures of issue 14 and their targets: (key, target, "min" when higher is better, "max" when lower is).
TARGETS = [
    ("bulk_vs_raw_sqlite", 0.6, "min"),
    ("bulk_vs_eventsourcing_save", 1.5, "min"),
    ("append_projected_vs_alone", 1.3, "max"),
    ("single_vs_eventsourcing_save", 1.0, "min"),
    ("single_lean_vs_eventsourcing_save", 1.0, "min"),  # the lean path for one event (append_unprojected)
    ("hottest_p95_ms", 20.0, "max"),
    ("asof_p95_ratio", 2.0, "max"),
    ("cli_help_cpu_s", 0.3, "max"),
    ("cli_state_cpu_s", 0.3, "max"),
    ("server_first_answer_s", 2.0, "max"),
    ("search_p95_ms", 50.0, "max"),  # issue 13: search with facets on the largest chronicle
    ("http_vs_before", 3.0, "min"),  # 8 clients, against the code of --http-before (0 errors: see "errors")
    ("http_lean_vs_before", 3.0, "min"),
    ("rebuild_1m_s", 60.0, "max"),  # chronicle rebuild of the 1M state database (full runs)
]


def ratios(out: dict[str, Any]) -> dict[str, Any]:
    """Each target's figure from this run, the target and whether it is met (None: not measured in this run)."""
    figures = dict(out)
    if "startup" in out:
        figures["cli_help_cpu_s"] = out["startup"]["cli"]["help"]["cpu_s"]
        figures["cli_state_cpu_s"] = out["startup"]["cli"]["state"]["cpu_s"]
        figures["server_first_answer_s"] = out["startup"]["server"]["first_health_s"]
    table = {}
    for key, target, sense in TARGETS:
        value = figures.get(key)
        met = None if value is None else (value >= target if sense == "min" else value <= target)
        table[key] = {"value": value, "target": f"{'>=' if sense == 'min' else '<='} {target}", "met": met}
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="100k events (the default)")
    size.add_argument("--full", action="store_true", help="1M events")
    parser.add_argument("--postgres", metavar="URL", help="run the chronicle on this PostgreSQL server")
    parser.add_argument("--workdir", default="/tmp/chronicle-bench")
    parser.add_argument("--out", help="also write the JSON object to this file")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--http", action="store_true", help="also measure single-event appends over HTTP")
    parser.add_argument("--only-search", action="store_true",
                        help="only the search queries (on the state databases of each size)")
    parser.add_argument("--only-state", type=int, metavar="SIZE",
                        help="only the state queries (uniform mix and BY:KR) at 10k events and at SIZE events")
    parser.add_argument("--keep", action="store_true",
                        help="with --only-search or --only-state on SQLite: keep the databases in the work folder"
                             " and reuse them")
    parser.add_argument("--http-seconds", type=float, default=10.0)
    parser.add_argument("--http-clients", type=int, default=8, help="concurrent clients of the HTTP load (8)")
    parser.add_argument("--http-before", metavar="DIR",
                        help="with --http: the same load on the server of another checkout (the issue's 'today':"
                             " git worktree add DIR fb7a380), and the ratios to it")
    parser.add_argument("--no-importer", dest="importer", action="store_false",
                        help="skip the importer's throughput (bench/extract_speed.py, when it exists)")
    args = parser.parse_args(argv)
    result = run(args)
    text = orjson.dumps(result).decode()
    if args.out:
        Path(args.out).write_text(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
    print(text)
    for key, row in result.get("ratios", {}).items():
        verdict = {True: "met", False: "MISSED", None: "not measured"}[row["met"]]
        print(f"{key:32} {row['value']!s:>10}  target {row['target']:8}  {verdict}", file=sys.stderr)


if __name__ == "__main__":
    main()
