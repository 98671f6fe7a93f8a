"""The state queries of ``python -m bench`` run by two or more versions of ``chronicle/queries/state.py`` in one
process, paired: each query is run by every version in turn, ``--rounds`` times, and each version's figure for
it is the least wall (and CPU) time it took. On a shared machine the load changes from one minute to the next,
so two runs of the benchmark minutes apart differ more than the code does; here both versions meet the same
load, the same warm pages and the same connection, and the cards they serve are checked to be equal.

    git worktree add /tmp/before <commit>
    python -m bench.state_ab sqlite:////tmp/chronicle-bench/state-kept-1000000.db \\
        before=/tmp/before/chronicle/queries/state.py after=chronicle/queries/state.py [--hot] [--queries 60]

A version is the file of the module alone: the rest of the chronicle is this checkout's. Prints one JSON object:
per version the mean, p50 and p95 of the least wall times (ms) and the mean and p95 of the least CPU times.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import time
from types import ModuleType
from typing import Any

import chronicle.application as application
from bench.common import percentile
from bench.generate import relationships
from bench.workloads import _as_of
from chronicle.application import Chronicle


def load(name: str, path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_state_{name}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no module at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def paired(database_url: str, versions: dict[str, str], *, queries: int, rounds: int, hot: bool, seed: int = 11,
           warmup: int = 20) -> dict[str, Any]:
    modules = {name: load(name, path) for name, path in versions.items()}
    app = Chronicle(database_url=database_url)
    readers = {name: module.StateReader(app.recorder.dialect) for name, module in modules.items()}
    with app.db.read() as conn:
        times = [app.recorder.dialect.decode_timestamp(r[0]) for r in conn.exec_driver_sql(
            "SELECT recorded_at FROM transactions ORDER BY last_position")]
    rng = random.Random(seed)  # the draws of bench.workloads.state_queries
    choices = [("BY", "KR")] if hot else relationships(200)
    drawn = []
    for _ in range(warmup + queries):
        a, b = choices[rng.randrange(len(choices))]
        as_of = _as_of(rng)
        drawn.append((a, b, as_of, rng.choice(times) if times and rng.random() >= 0.1 else None))

    def run(name: str, query: tuple[Any, ...]) -> dict[str, Any]:
        app.states, application.build_state = readers[name], modules[name].build_state
        a, b, as_of, known_at = query
        return app.state(a, b, as_of=as_of, known_at=known_at)

    names = list(modules)
    wall = {name: [float("inf")] * queries for name in names}
    cpu = {name: [float("inf")] * queries for name in names}
    try:
        for query in drawn[:warmup]:
            for name in names:
                run(name, query)
        for r in range(rounds):
            for i, query in enumerate(drawn[warmup:]):
                cards = []
                for name in names if (i + r) % 2 == 0 else names[::-1]:  # each version first half of the time
                    c, t = time.process_time(), time.perf_counter()
                    cards.append(run(name, query))
                    wall[name][i] = min(wall[name][i], time.perf_counter() - t)
                    cpu[name][i] = min(cpu[name][i], time.process_time() - c)
                if any(card != cards[0] for card in cards):
                    raise SystemExit(f"the versions serve different cards for {query}")
    finally:
        app.close()
    out: dict[str, Any] = {"queries": queries, "rounds": rounds, "relationships": "BY:KR" if hot else "uniform"}
    for name in names:
        w, c = [x * 1000 for x in wall[name]], [x * 1000 for x in cpu[name]]
        out[name] = {"mean_ms": round(sum(w) / queries, 2), "p50_ms": round(percentile(w, 0.5), 2),
                     "p95_ms": round(percentile(w, 0.95), 2), "cpu_mean_ms": round(sum(c) / queries, 2),
                     "cpu_p95_ms": round(percentile(c, 0.95), 2)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url")
    parser.add_argument("versions", nargs="+", help="name=path/to/state.py")
    parser.add_argument("--hot", action="store_true", help="BY:KR only (else the uniform mix)")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    versions = dict(spec.split("=", 1) for spec in args.versions)
    print(json.dumps(paired(args.database_url, versions, queries=args.queries, rounds=args.rounds, hot=args.hot)))


if __name__ == "__main__":
    main()
