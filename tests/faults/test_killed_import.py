"""``kill -9`` of a bulk import half way through, then the same import again.

One import is one atomic append, so a killed one leaves nothing behind: ``chronicle verify`` passes, and
running the same file again completes, with every idempotency key stored once. Part of the file was
imported before (as a file's first lines often are), so the second run also skips those as duplicates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import orjson

from chronicle.application import Chronicle
from tests.faults.helpers import CHRONICLE, ROOT, chronicle, env_for, generate

EVENTS = 30_000
EARLIER = 2_000  # lines of the file imported before the killed run


def _read_offset(pid: int, path: Path) -> int | None:
    """How far a process has read into a file (Linux /proc), or None when it is not open (yet)."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                    for line in Path(f"/proc/{pid}/fdinfo/{fd}").read_text().splitlines():
                        if line.startswith("pos:"):
                            return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        return None
    return None


def test_an_import_killed_half_way_leaves_nothing_and_runs_again(database_url, tmp_path):
    events_file = generate(tmp_path / "events.jsonl", EVENTS, relationships=40, seed=5)
    first_lines = tmp_path / "first.jsonl"
    with open(events_file, "rb") as source:
        first_lines.write_bytes(b"".join(line for _, line in zip(range(EARLIER), source, strict=False)))
    earlier = chronicle(database_url, "append", str(first_lines), "--summary")
    assert earlier.returncode == 0, earlier.stderr

    size = events_file.stat().st_size
    process = subprocess.Popen([*CHRONICLE, "append", str(events_file.resolve()), "--summary"],
                               env=env_for(database_url), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    killed_at = None
    while time.monotonic() < deadline and process.poll() is None:
        offset = _read_offset(process.pid, events_file.resolve())
        if offset is not None and offset >= size // 2:
            os.kill(process.pid, signal.SIGKILL)
            killed_at = offset
            break
        time.sleep(0.005)
    process.wait()
    assert killed_at is not None, f"the import ended before it could be killed: {process.stderr.read()!r}"
    assert process.returncode == -signal.SIGKILL

    app = Chronicle(database_url=database_url)
    try:
        assert app.head().position == EARLIER, "the killed import left events behind"
        report = app.verify()
        assert report.ok, report
        again = chronicle(database_url, "append", str(events_file), "--summary")
        assert again.returncode == 0, again.stderr
        summary = orjson.loads(again.stdout.strip().splitlines()[-1])
        assert summary == {"appended": EVENTS - EARLIER, "duplicates": EARLIER, "head": EVENTS}
        assert app.verify().ok
        with app.db.read() as conn:
            rows, keys = conn.exec_driver_sql(
                "SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM events"
            ).one()
        assert rows == keys == EVENTS
    finally:
        app.close()
