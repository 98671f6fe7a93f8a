"""``kill -9`` of a process right after its lean appends (Chronicle.append_unprojected) committed and before
anything caught their projection up: every event is kept, the chain verifies, the projection is behind by
exactly those events, and the first read (in another process) brings it to what a replay gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from chronicle.application import Chronicle
from tests.faults.helpers import ROOT, env_for, generate, read_elsewhere

EVENTS = 300

# Appends the file's envelopes one at a time, each its own lean append, says so, and waits to be killed.
WRITER = """
import sys, time, orjson
from chronicle.application import Chronicle
app = Chronicle()
n = 0
for line in open(sys.argv[1], "rb"):
    n += app.append_unprojected([orjson.loads(line)]).appended
print(n, flush=True)
time.sleep(600)
"""


def test_lean_appends_killed_before_their_catch_up_lose_nothing(database_url, tmp_path):
    events_file = generate(tmp_path / "events.jsonl", EVENTS, relationships=20, seed=3)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(events_file)], env=env_for(database_url), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        said = writer.stdout.readline()
        assert said.strip() == str(EVENTS).encode(), writer.stderr.read().decode()[-2000:]
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert writer.returncode == -signal.SIGKILL

    app = Chronicle(database_url=database_url)
    try:
        assert app.head().position == EVENTS
        assert app.projector.checkpoint() == 0  # nothing projected them
        report = app.verify()
        assert report.ok and report.projection_behind == EVENTS, report

        read_elsewhere(database_url)  # the first read after the crash, in a process of its own
    finally:
        app.close()
