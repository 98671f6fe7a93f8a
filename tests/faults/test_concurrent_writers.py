"""Eight writer processes append at once while a reader follows the feed and restarts at random.

The reader keeps only the position it has processed up to (as a real follower would, in a file or a table)
and, at random moments — between pages or in the middle of one — throws its connection away and starts
again from that position. It must see every event exactly once, in position order, without a gap, and the
events of each writer in the order that writer appended them.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

from chronicle.application import Chronicle
from tests.faults.helpers import ROOT, env_for

WRITERS = 8
APPENDS = 12  # appends per writer, of 1 to 6 events each

WRITER = r"""
import random, sys, time
from chronicle.application import Chronicle
from tests.builders import fact
url, writer, appends = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(writer)
app = Chronicle(database_url=url)
n = 0
for a in range(appends):
    batch = []
    for _ in range(rng.randint(1, 6)):
        batch.append(fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019",
                          full_source=False, idempotency_key=f"w{writer}-{n}"))
        n += 1
    app.append(batch, project=False)
    time.sleep(rng.random() / 50)  # let the writers interleave
print(n)
app.close()
"""


def test_a_restarting_follower_sees_every_event_once_in_order(database_url):
    seed = Chronicle(database_url=database_url)
    seed.append([{**_first_fact(), "idempotency_key": "seed"}], project=False)  # stores the source text
    seed.close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, database_url, str(w), str(APPENDS)],
                         env=env_for(database_url), cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for w in range(WRITERS)
    ]
    rng = random.Random(20261121)
    seen: list[tuple[int, str | None]] = []
    checkpoint = 0  # what the follower keeps across restarts
    restarts = 0
    app = Chronicle(database_url=database_url)
    deadline = time.monotonic() + 120
    try:
        while True:
            finished = all(w.poll() is not None for w in writers)
            events, _next_after, head = app.recorder.read_page(checkpoint, rng.choice([1, 3, 10, 50]))
            for event in events:
                if rng.random() < 0.02:  # crash in the middle of a page: the rest of it is read again
                    break
                seen.append((event.position, event.idempotency_key))
                checkpoint = event.position
            if rng.random() < 0.15 or (events and checkpoint != events[-1].position):
                app.close()
                app = Chronicle(database_url=database_url)
                restarts += 1
            if finished and not events and checkpoint == head:
                break
            assert time.monotonic() < deadline, "the follower did not catch up"
    finally:
        app.close()
    written = sum(int(w.communicate()[0]) for w in writers)
    assert all(w.returncode == 0 for w in writers)
    assert restarts > 5
    positions = [p for p, _ in seen]
    assert positions == list(range(1, 2 + written)), "a gap, a repeat or a wrong order"
    keys = [k for _, k in seen[1:]]
    assert len(set(keys)) == written
    for w in range(WRITERS):  # each writer's events in the order it appended them
        mine = [int(k.split("-")[1]) for k in keys if k.startswith(f"w{w}-")]
        assert mine == sorted(mine) and mine == list(range(len(mine)))
    check = Chronicle(database_url=database_url)
    assert check.verify().ok
    check.close()


def _first_fact() -> dict:
    from tests.builders import fact

    return fact("visit", "2019", ["BY", "KR"], "The minister visited Minsk in May 2019")
