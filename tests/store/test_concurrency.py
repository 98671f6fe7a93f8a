"""Concurrent writers get gapless positions in commit order, and a follower never sees a gap."""

from __future__ import annotations

import threading

from chronicle.application import Chronicle
from tests.builders import fact

VISIT = "The minister visited Minsk in May 2019"


def test_concurrent_appenders_and_a_follower(database_url):
    writers, batches, per_batch = 4, 10, 5
    seed = Chronicle(database_url=database_url)
    seed.append([fact("visit", "2019", ["BY", "KR"], VISIT)])
    errors: list[BaseException] = []
    seen: list[int] = []
    done = threading.Event()

    def write(n: int) -> None:
        app = Chronicle(database_url=database_url)
        try:
            for b in range(batches):
                app.append(
                    [fact("visit", "2019", ["BY", "KR"], VISIT, full_source=False, idempotency_key=f"{n}-{b}-{i}")
                     for i in range(per_batch)],
                    project=False,
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            app.close()

    def follow() -> None:
        app = Chronicle(database_url=database_url)
        after = 0
        try:
            while True:
                finished = done.is_set()
                for event in app.events(after=after, limit=50):
                    seen.append(event.position)
                    after = event.position
                if finished and after == 1 + writers * batches * per_batch:
                    return
        finally:
            app.close()

    follower = threading.Thread(target=follow)
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    follower.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    follower.join(timeout=60)
    assert not errors, errors
    total = 1 + writers * batches * per_batch
    assert seen == list(range(1, total + 1))
    assert seed.verify().ok
    seed.catch_up()
    assert seed.state("BY", "KR", totals=True)["totals"]["visits"] == total
    seed.close()
