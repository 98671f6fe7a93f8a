"""``chronicle serve`` (uvicorn) in a subprocess on a free loopback port, until a block ends.

The HTTP benchmark and the tests that need a real server (``tests/api/servers.py``) both run it this way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A free loopback port: the first free one of ``CHRONICLE_BENCH_PORTS`` (``FIRST-LAST``) when it is set
    (on a machine shared by several benchmarks), else any."""
    wanted = os.environ.get("CHRONICLE_BENCH_PORTS")
    candidates = [0]
    if wanted:
        first, last = (int(p) for p in wanted.split("-"))
        candidates = list(range(first, last + 1))
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"no free port in CHRONICLE_BENCH_PORTS={wanted}")


@contextmanager
def serving(
    chronicle: Sequence[str], serve_args: Sequence[str], env: dict[str, str], log_dir: Path, *, cwd: Path,
    start_seconds: float = 30,
) -> Iterator[str]:
    """Run ``chronicle serve --host 127.0.0.1 --port P *serve_args`` (``chronicle`` is the command that runs
    the CLI) with ``env``; yields its base URL once ``/api/health`` answers, and stops it when the block ends.
    Its output goes to ``log_dir/server-P.log``, which a failure to start quotes."""
    with serving_process(chronicle, serve_args, env, log_dir, cwd=cwd, start_seconds=start_seconds) as (url, _):
        yield url


@contextmanager
def serving_process(
    chronicle: Sequence[str], serve_args: Sequence[str], env: dict[str, str], log_dir: Path, *, cwd: Path,
    start_seconds: float = 30,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """:func:`serving`, yielding the server's process beside its URL."""
    port = free_port()
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*chronicle, "serve", "--host", "127.0.0.1", "--port", str(port), *serve_args],
            env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process, log_path, start_seconds)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path, start_seconds: float) -> None:
    deadline = time.monotonic() + start_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {start_seconds} s:\n{log_path.read_text()}")
