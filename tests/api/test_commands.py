"""The commands the API adds to the CLI: token create/list/revoke, sync and serve's refusals."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from api.cli import register
from chronicle.config import Settings
from chronicle.tokens import TokenStore
from bench.server import free_port


@pytest.fixture
def run(database_url, monkeypatch):
    for name in ("CHRONICLE_API_TOKENS", "CHRONICLE_READ_TOKEN", "CHRONICLE_SYNC_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", database_url)
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_tokens_are_created_listed_and_revoked(run, chronicle):
    created = run("token", "create", "ci")
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    reader = run("token", "create", "dashboard", "--scope", "read").stdout.strip()
    store = TokenStore(chronicle.db, Settings())
    assert store.allows(token, "write") and store.allows(reader, "read") and not store.allows(reader, "write")
    rows = [line.split("\t") for line in run("token", "list").stdout.splitlines()]
    assert [(r[1], r[2]) for r in rows] == [("ci", "write"), ("dashboard", "read")]
    assert token not in run("token", "list").stdout
    revoked = run("token", "revoke", rows[0][0])
    assert revoked.exit_code == 0 and not store.allows(token, "write")
    again = run("token", "revoke", rows[0][0])
    assert again.exit_code == 1 and "no token has the id" in again.stderr
    bad = run("token", "create", "x", "--scope", "admin")
    assert bad.exit_code == 2 and "--scope must be one of write, read" in bad.stderr


def test_sync_from_nowhere_is_a_clear_error(run):
    result = run("sync", "--from", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: sync from http://127.0.0.1:") and "ConnectError" in result.stderr
    assert run("sync", "--from", "http://x", "--batch", "0").exit_code == 2


def test_serve_refuses_a_database_without_the_schema(run, monkeypatch, tmp_path):
    monkeypatch.setenv("CHRONICLE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = run("serve", "--port", str(free_port()))
    assert result.exit_code == 2 and "chronicle db upgrade" in result.stderr
