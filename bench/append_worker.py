"""One bulk append, run in its own process so that its peak RSS is its own.

``CHRONICLE_DATABASE_URL=... python -m bench.append_worker FILE [--batches K] [--project]`` appends the JSON lines of FILE
through ``Chronicle.append`` (validation, sources, idempotency, streams, hash chain, indexes: the real path;
``project=False`` unless ``--project``) — as one atomic append, or as K appends of consecutive lines — and
prints one JSON object: events appended, seconds, events per second, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Iterator
from itertools import islice

import orjson

from chronicle.application import Chronicle


def lines(path: str) -> Iterator[dict]:
    with open(path, "rb") as stream:
        for line in stream:
            if line.strip():
                yield orjson.loads(line)


def peak_rss_kib() -> float:
    """This process's peak resident set, in KiB: VmHWM of /proc/self/status where there is one. (Linux keeps
    ``ru_maxrss`` across exec, so a worker started by a large parent would report the parent's peak.)"""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+", metavar="FILE", help="the file (an older form: DATABASE_URL FILE)")
    parser.add_argument("--batches", type=int, default=1)
    parser.add_argument("--total", type=int, default=0, help="events in the file (needed with --batches)")
    parser.add_argument("--project", action="store_true")
    args = parser.parse_args(argv)
    url = args.paths[0] if len(args.paths) > 1 else os.environ["CHRONICLE_DATABASE_URL"]  # (env: no password in ps)
    args.file = args.paths[-1]
    app = Chronicle(database_url=url)
    start = time.perf_counter()
    appended = 0
    if args.batches <= 1:
        appended = app.append(lines(args.file), collect=False, project=args.project).appended
    else:
        size = -(-args.total // args.batches)
        source = lines(args.file)
        while batch := list(islice(source, size)):
            appended += app.append(batch, collect=False, project=args.project).appended
    seconds = time.perf_counter() - start
    app.close()
    peak = peak_rss_kib() / 1024
    sys.stdout.write(orjson.dumps({
        "appended": appended, "seconds": round(seconds, 3), "events_per_s": round(appended / seconds),
        "peak_rss_mib": round(peak, 1),
    }).decode() + "\n")


if __name__ == "__main__":
    main()
