"""Real servers for the tests: ``chronicle serve`` (uvicorn) in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import server
from tests.api.conftest import WRITE_TOKEN

CHRONICLE = [sys.executable, "-c", "from chronicle.cli import main; main()"]
ROOT = Path(__file__).resolve().parents[2]  # subprocesses run this checkout's code, whatever is installed
START_SECONDS = 30


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
    serve_args = () if bundle else ("--no-bundle",)
    with server.serving(CHRONICLE, serve_args, chronicle_env(database_url, **env), log_dir, cwd=ROOT,
                        start_seconds=START_SECONDS) as url:
        yield url
