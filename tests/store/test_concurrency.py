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


def test_appends_that_share_a_transaction_stay_atomic_each(chronicle):
    """Group commit (Chronicle.append_shared): threads appending at once share transactions; each request is
    still atomic on its own — a refused one (an invalid quote, a reused idempotency key with other content) is
    rolled back alone and raises in its own thread —, positions stay gapless, the chain verifies and the
    projection matches a replay."""
    chronicle.append([fact("visit", "2019", ["BY", "KR"], VISIT, idempotency_key="taken")])
    threads_n, per_thread = 8, 12
    outcomes: dict[tuple[int, int], object] = {}
    start = threading.Barrier(threads_n)

    def write(n: int) -> None:
        start.wait()
        for i in range(per_thread):
            if i % 5 == 3:  # a bad quote: refused
                envelope = fact("visit", "2019", ["BY", "KR"], "not in the source", full_source=False)
            elif i % 5 == 4:  # the taken key with other content: a conflict
                envelope = fact("visit", "2020", ["BY", "CN"], VISIT, full_source=False, idempotency_key="taken")
            else:
                envelope = fact("visit", "2019", ["BY", "KR"], VISIT, full_source=False, idempotency_key=f"{n}-{i}")
            try:
                outcomes[n, i] = chronicle.append_shared([envelope]).results[0]
            except Exception as exc:  # noqa: BLE001 - checked below
                outcomes[n, i] = exc

    threads = [threading.Thread(target=write, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = {key: o for key, o in outcomes.items() if isinstance(o, Exception)}
    assert {key for key in refused} == {(n, i) for n in range(threads_n) for i in range(per_thread) if i % 5 >= 3}
    assert all(type(o).__name__ == ("EnvelopeError" if i % 5 == 3 else "ConflictError") for (_, i), o in refused.items())
    appended = sorted(o.position for o in outcomes.values() if not isinstance(o, Exception))
    assert appended == list(range(2, 2 + len(appended)))
    assert chronicle.head().position == 1 + len(appended)
    report = chronicle.verify()
    assert report.ok and report.projection == "matches a replay", report
    again = chronicle.append_shared([fact("visit", "2019", ["BY", "KR"], VISIT, full_source=False,
                                          idempotency_key="0-0")])
    assert again.duplicates == 1 and again.results[0].position == outcomes[0, 0].position
