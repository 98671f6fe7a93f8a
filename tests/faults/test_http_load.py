"""A bounded load against the real server (uvicorn on 127.0.0.1): no errors at the stated throughput.

Four clients sharing a small httpx pool append single events at a steady 40 events per second in all for
five seconds, while a fifth follows the feed. Every append must answer 201 and every event must be stored
once, in a chain that verifies. The rate the server reaches is a benchmark's figure (`python -m bench`), not
asserted here: on a shared machine a timing is not a property of the code.
"""

from __future__ import annotations

import threading
import time

import httpx

from chronicle.application import Chronicle
from tests.builders import fact
from tests.faults.helpers import TOKEN, serving

CLIENTS = 4
RATE = 40.0  # events per second, all clients together
SECONDS = 5.0
QUOTE = "The minister visited Minsk in May 2019"


def test_no_errors_under_a_steady_load(database_url, tmp_path):
    seed = Chronicle(database_url=database_url)
    seed.append([fact("visit", "2019", ["BY", "KR"], QUOTE, idempotency_key="seed")])  # stores the source
    seed.close()
    statuses: list[int] = []
    errors: list[BaseException] = []
    followed: list[int] = []
    lock = threading.Lock()
    total = int(RATE * SECONDS)
    with serving(database_url, tmp_path) as url:
        limits = httpx.Limits(max_connections=CLIENTS + 1, max_keepalive_connections=CLIENTS + 1)
        with httpx.Client(base_url=url, limits=limits, timeout=30,
                          headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            start = time.monotonic()
            stop_following = threading.Event()

            def append(k: int) -> None:
                try:
                    for i in range(k, total, CLIENTS):
                        delay = start + i / RATE - time.monotonic()  # hold the stated rate, no faster
                        if delay > 0:
                            time.sleep(delay)
                        envelope = fact("visit", "2019", ["BY", "KR"], QUOTE, full_source=False,
                                        idempotency_key=f"load-{i}")
                        response = client.post("/api/events", json=envelope)
                        with lock:
                            statuses.append(response.status_code)
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            def follow() -> None:
                after = 0
                try:
                    while not stop_following.is_set() or after < total + 1:
                        page = client.get("/api/events", params={"after": after, "limit": 50}).json()
                        for event in page["events"]:
                            followed.append(event["position"])
                            after = event["position"]
                        if not page["events"]:
                            time.sleep(0.05)
                        if time.monotonic() - start > SECONDS + 60:
                            return
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

            follower = threading.Thread(target=follow)
            follower.start()
            clients = [threading.Thread(target=append, args=(k,)) for k in range(CLIENTS)]
            for c in clients:
                c.start()
            for c in clients:
                c.join()
            stop_following.set()
            follower.join(timeout=90)

    assert not errors, errors
    assert statuses == [201] * total, {s: statuses.count(s) for s in set(statuses)}
    assert followed == list(range(1, total + 2))
    check = Chronicle(database_url=database_url)
    try:
        assert check.head().position == total + 1
        assert check.verify().ok
    finally:
        check.close()
