"""Real servers for the tests: ``chronicle serve`` (uvicorn) in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.api.conftest import WRITE_TOKEN

CHRONICLE = [sys.executable, "-c", "from chronicle.cli import main; main()"]
ROOT = Path(__file__).resolve().parents[2]  # subprocesses run this checkout's code, whatever is installed
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chronicle_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a ``chronicle`` subprocess on ``database_url``, with the tests' write token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONICLE_")}
    return {**env, "CHRONICLE_DATABASE_URL": database_url, "CHRONICLE_API_TOKENS": WRITE_TOKEN,
            "PYTHONPATH": str(ROOT), **extra}


def run_chronicle(database_url: str, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CHRONICLE, *args], env=chronicle_env(database_url, **env), capture_output=True, text=True, timeout=timeout,
        cwd=ROOT,
    )


@contextmanager
def serving(database_url: str, log_dir: Path, *, bundle: bool = False, **env: str) -> Iterator[str]:
    """Run ``chronicle serve`` on the database until the block ends; yields its base URL. The server starts
    empty unless ``bundle`` (then an empty database is first loaded with the bundled chronicle, data/)."""
    port = free_port()
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*CHRONICLE, "serve", "--host", "127.0.0.1", "--port", str(port), *(() if bundle else ("--no-bundle",))],
            env=chronicle_env(database_url, **env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process, log_path)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {START_SECONDS} s:\n{log_path.read_text()}")
