"""Real servers on loopback: uvicorn exercised with httpx, and a replica following a source being written."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time

import httpx
import pytest

from tests.api.conftest import AUTH
from tests.api.helpers import trade, visit
from tests.api.servers import CHRONICLE, chronicle_env, run_chronicle, serving
from tests.builders import correction

pytestmark = pytest.mark.slow


def test_a_real_server_serves_the_api(database_url, tmp_path):
    with serving(database_url, tmp_path, CHRONICLE_MAX_BODY_BYTES="20000") as url, httpx.Client(base_url=url) as http:
        assert set(http.get("/openapi.json").json()["paths"]) >= {"/api/events", "/api/head", "/api/relations"}
        assert "swagger" in http.get("/docs").text.lower()
        assert http.post("/api/events", json=visit()).status_code == 401
        first = http.post("/api/events", json=visit(), headers=AUTH)
        assert first.status_code == 201 and first.json()["position"] == 1

        polled: dict = {}
        poll = threading.Thread(
            target=lambda: polled.update(page=http.get("/api/events", params={"after": 1, "wait": 30}, timeout=60))
        )
        poll.start()
        time.sleep(0.2)  # let the poll reach the server; returning early does not depend on it
        second = http.post("/api/events", json=trade(), headers=AUTH).json()
        poll.join(timeout=20)
        assert not poll.is_alive()
        assert [e["id"] for e in polled["page"].json()["events"]] == [second["id"]]

        too_big = http.post("/api/events", json=visit(actors=["x" * 30000]), headers=AUTH)
        assert too_big.status_code == 413 and too_big.json()["error"] == "content too large"
        head = http.get("/api/head").json()
        assert head["position"] == 2
        assert http.get(f"/api/events/{first.json()['id']}").json()["status"] == "original"


def _write(url: str, batches: int) -> list[str]:
    """Append ``batches`` small batches (facts and corrections) to the server at ``url``."""
    ids: list[str] = []
    with httpx.Client(base_url=url, headers=AUTH, timeout=30) as http:
        for i in range(batches):
            batch = [visit(f"{2000 + i % 20}"), trade(1e6 * (i + 1))]
            if ids:
                batch.append(correction(ids[-1], date=f"{1990 + i % 10}"))
            response = http.post("/api/events", json=batch)
            assert response.status_code == 201, response.text
            ids.extend(r["id"] for r in response.json()[:2])
    return ids


def _wait_for_head(url: str, position: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        head = httpx.get(f"{url}/api/head").json()
        if head["position"] >= position or time.monotonic() > deadline:
            return head
        time.sleep(0.1)


def test_a_busy_port_is_one_clear_line(database_url, tmp_path):
    with serving(database_url, tmp_path) as url:
        port = url.rsplit(":", 1)[1]
        busy = run_chronicle(database_url, "serve", "--no-bundle", "--port", port, timeout=60)
    assert busy.returncode == 1
    assert busy.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is already in use (another server?); choose another with --port"
    ]


def test_a_replica_follows_a_source_while_it_is_written(fresh_database, tmp_path):
    source_db, replica_db = fresh_database(), fresh_database()
    with serving(source_db, tmp_path) as source, serving(replica_db, tmp_path) as replica:
        _write(source, 3)
        with (tmp_path / "sync.log").open("w") as log:
            follower = subprocess.Popen(
                [*CHRONICLE, "sync", "--from", source, "--follow", "--batch", "4"],
                env=chronicle_env(replica_db),
                stderr=log,
                # as under nohup or a background CI job: SIGINT ignored, so only SIGTERM can stop it
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
            )
            try:
                _write(source, 25)  # while the replica follows
                source_head = httpx.get(f"{source}/api/head").json()
                replica_head = _wait_for_head(replica, source_head["position"])
            finally:
                follower.send_signal(signal.SIGTERM)
                try:
                    follower.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    follower.kill()  # do not leave it running
                    follower.wait()
                    raise
        progress = (tmp_path / "sync.log").read_text()
        assert follower.returncode == 0, progress
        assert replica_head == source_head, progress
        assert "synced to position" in progress and "interrupted; the chronicle is at position" in progress

        # a later sync without --follow resumes from the replica's head
        _write(source, 2)
        resumed = run_chronicle(replica_db, "sync", "--from", source)
        assert resumed.returncode == 0, resumed.stderr
        assert "appended 5 events" in resumed.stderr
        final_head = httpx.get(f"{source}/api/head").json()
        assert httpx.get(f"{replica}/api/head").json() == final_head
        for path in ("/api/events?limit=1000", "/api/relations", "/api/relations/BY/KR", "/api/sources"):
            assert httpx.get(replica + path).json() == httpx.get(source + path).json(), path

    verified = run_chronicle(replica_db, "verify")
    assert verified.returncode == 0, verified.stderr
    report = json.loads(verified.stdout)
    assert report["ok"]
    assert (report["head_position"], report["head_hash"]) == (final_head["position"], final_head["hash"])
