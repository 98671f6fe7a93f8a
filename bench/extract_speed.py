"""How fast the extractor reads and extracts article text, per core.

Usage: .venv/bin/python bench/extract_speed.py [--corpus ../shared/corpus] [--repeat 5]

Reads every ``*.txt`` of the corpus into memory once, warms the extractor up (dictionaries and name
tables load on first use), then times ``document_from_bytes`` + ``extract`` over the whole corpus
``--repeat`` times. Prints KiB of article text per second of CPU time of this process (one core; the
extractor is single-threaded) and, for comparison, per second of wall-clock time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from importers import extract  # noqa: E402
from importers.reading.documents import document_from_bytes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"no *.txt documents in {args.corpus}", file=sys.stderr)
        return 2
    documents = [(path.name, path.read_bytes()) for path in files]
    kib = sum(len(data) for _, data in documents) / 1024
    events = 0
    for name, data in documents:  # warm-up: pymorphy3 dictionaries, pycountry name tables
        events += len(extract(document_from_bytes(data, name=name)))
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(args.repeat):
        for name, data in documents:
            extract(document_from_bytes(data, name=name))
    cpu = (time.process_time() - cpu0) / args.repeat
    wall = (time.perf_counter() - wall0) / args.repeat
    print(f"corpus: {len(documents)} documents, {kib:.1f} KiB, {events} candidate events")
    print(f"per pass: {cpu:.3f} s CPU, {wall:.3f} s wall (mean of {args.repeat})")
    print(f"speed: {kib / cpu:.0f} KiB/s per core (CPU time); {kib / wall:.0f} KiB/s wall-clock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
