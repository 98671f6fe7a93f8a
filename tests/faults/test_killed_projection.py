"""``kill -9`` of a large append after its events committed and while they are being projected: the
checkpoint is left behind the head. Re-running the append (all duplicates) and reading both bring the state
to what a replay gives, and ``verify`` compares the projection with a replay."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import orjson

from chronicle.application import Chronicle
from tests.faults.helpers import CHRONICLE, ROOT, chronicle, env_for, generate, read_elsewhere

EVENTS = 30_000


def _positions(app: Chronicle) -> tuple[int, int]:
    with app.db.read() as conn:
        head = conn.exec_driver_sql("SELECT MAX(position) FROM events").scalar()
    return int(head or 0), app.projector.checkpoint()


def test_a_projection_killed_half_way_catches_up(database_url, tmp_path):
    events_file = generate(tmp_path / "events.jsonl", EVENTS, relationships=40, seed=7)
    app = Chronicle(database_url=database_url)
    try:
        process = subprocess.Popen([*CHRONICLE, "append", str(events_file), "--summary"], env=env_for(database_url),
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 300
        seen = (0, 0)
        while time.monotonic() < deadline and process.poll() is None:
            seen = _positions(app)
            if seen[0] == EVENTS:  # committed; the projection is running
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
        process.wait()
        assert process.returncode == -signal.SIGKILL, f"the append ended before it could be killed: {seen}"
        head, checkpoint = _positions(app)
        assert head == EVENTS and checkpoint < EVENTS, (head, checkpoint)

        report = app.verify()  # the chain, and the projection as far as it got against a replay
        assert report.ok, report
        assert report.projection_behind == EVENTS - checkpoint

        again = chronicle(database_url, "append", str(events_file), "--summary")  # all duplicates
        assert again.returncode == 0, again.stderr
        summary = orjson.loads(again.stdout.strip().splitlines()[-1])
        assert summary == {"appended": 0, "duplicates": EVENTS, "head": EVENTS}
        assert _positions(app) == (EVENTS, EVENTS), "the append of duplicates left the projection behind"

        read_elsewhere(database_url)
        assert _positions(app) == (EVENTS, EVENTS)
    finally:
        app.close()
