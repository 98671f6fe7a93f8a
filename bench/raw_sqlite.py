"""The floor under a bulk append: SQLite itself, given the rows the chronicle wrote.

The rows of a chronicle that the bulk benchmark filled (events, citations, sources and their digests,
transactions, streams) are read back, a chunk at a time, and written into a fresh migrated database — the same tables, indexes and
triggers, the same connection settings (``Database``'s) — with one ``executemany`` per table and chunk,
inside one ``BEGIN IMMEDIATE`` transaction, computing the hash chain on the way (one SHA-256 per event over
the previous hash, the header and the payload). Only that work and the commit are timed, not reading the
source rows. Every hash computed is compared with the one the chronicle stored, so the floor does the same
work the chronicle does, and no less.

    python -m bench.raw_sqlite SOURCE_URL TARGET_URL   # TARGET a fresh migrated SQLite database
"""

from __future__ import annotations

import sqlite3
import sys
import time
from hashlib import sha256
from typing import Any

import orjson
from sqlalchemy.engine import make_url

from chronicle.domain.canonical import GENESIS_HASH
from chronicle.store.database import Database
from chronicle.domain.sources import source_digest
from chronicle.store.append import (
    INSERT_CITATION,
    INSERT_EVENT,
    INSERT_SOURCE,
    INSERT_SOURCE_DIGEST,
    INSERT_TRANSACTION,
)

CHUNK = 2000
EVENT_SELECT = (
    "SELECT position, id, type, date_text, date_start, date_end, target_id, parties, payload, recorded_at,"
    " idempotency_key, hash FROM events ORDER BY position"
)
CITATION_SELECT = (
    "SELECT position, ordinal, event_id, source_sha256, quote, span_start, span_end, ref_label, ref_title, ref_url"
    " FROM citations ORDER BY position, ordinal"
)
SOURCE_SELECT = "SELECT sha256, title, publisher, url, published, language, authors, text, recorded_at FROM sources"
TRANSACTION_SELECT = "SELECT last_position, first_position, recorded_at FROM transactions ORDER BY last_position"
STREAM_SELECT = "SELECT relationship, version, last_position FROM streams ORDER BY relationship"
INSERT_STREAM = "INSERT INTO streams (relationship, version, last_position) VALUES (?, ?, ?)"


def _path(url: str) -> str:
    return make_url(url).database


def run(source_url: str, target_url: str) -> dict[str, Any]:
    source = sqlite3.connect(f"file:{_path(source_url)}?mode=ro", uri=True)
    db = Database(target_url)
    raw = db.engine.raw_connection()  # the driver's connection, with the chronicle's PRAGMAs
    conn = raw.driver_connection
    cursor = conn.cursor()
    timed = {"events": 0.0, "citations": 0.0, "other": 0.0, "commit": 0.0}
    clock = time.perf_counter
    prev = GENESIS_HASH.encode()
    mismatched = events = 0
    texts: dict[str, bytes] = {}  # stored recorded_at -> the header's form
    try:
        cursor.execute("BEGIN IMMEDIATE")
        for rows in _chunks(source.execute(SOURCE_SELECT)):
            start = clock()
            cursor.executemany(INSERT_SOURCE, rows)
            cursor.executemany(INSERT_SOURCE_DIGEST, [(row[0], source_digest(*row[:6], f"{row[8][:10]}T{row[8][11:]}Z", row[6]))
                                                      for row in rows])
            timed["other"] += clock() - start
        for rows in _chunks(source.execute(EVENT_SELECT)):
            start = clock()
            out = []
            for row in rows:
                at = row[9]
                at_text = texts.get(at)
                if at_text is None:
                    at_text = texts[at] = f"{at[:10]}T{at[11:]}Z".encode()
                key = row[10]
                header = b'{"id":"%s","idempotency_key":%s,"position":%d,"recorded_at":"%s"}' % (
                    row[1].encode(), b"null" if key is None else orjson.dumps(key), row[0], at_text
                )
                prev = sha256(b"%s\n%s\n%s" % (prev, header, row[8].encode())).hexdigest().encode()
                out.append((*row[:11], prev.decode()))
            cursor.executemany(INSERT_EVENT, out)
            timed["events"] += clock() - start
            events += len(out)
            mismatched += sum(1 for row, new in zip(rows, out, strict=True) if row[11] != new[11])
        for rows in _chunks(source.execute(CITATION_SELECT)):
            start = clock()
            cursor.executemany(INSERT_CITATION, rows)
            timed["citations"] += clock() - start
        start = clock()
        cursor.executemany(INSERT_TRANSACTION, source.execute(TRANSACTION_SELECT).fetchall())
        cursor.executemany(INSERT_STREAM, source.execute(STREAM_SELECT).fetchall())
        timed["other"] += clock() - start
        start = clock()
        cursor.execute("COMMIT")
        timed["commit"] += clock() - start
    finally:
        cursor.close()
        raw.close()
        db.dispose()
        source.close()
    if mismatched:
        raise RuntimeError(f"{mismatched} of {events} hashes differ from the chronicle's: not the same work")
    seconds = sum(timed.values())
    return {
        "events": events,
        "seconds": round(seconds, 3),
        "events_per_s": round(events / seconds),
        "split_s": {k: round(v, 3) for k, v in timed.items()},
    }


def _chunks(rows: sqlite3.Cursor) -> Any:
    while chunk := rows.fetchmany(CHUNK):
        yield chunk


if __name__ == "__main__":
    print(orjson.dumps(run(sys.argv[1], sys.argv[2])).decode())
