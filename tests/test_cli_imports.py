"""What the ``chronicle`` command loads before it does anything (start-up time is measured in bench/)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.builders import fact

# Asked of a fresh interpreter: which modules does the command load to print its help, or to be ready to
# open a database?
PROBE = """
import json, sys
from chronicle import cli
cli._load_plugins()
try:
    cli.app(["--help"], standalone_mode=False)
except SystemExit:
    pass
json.dump(sorted(sys.modules), sys.stderr)
"""

HEAVY = ("fastapi", "starlette", "uvicorn", "pymorphy3", "razdel", "trafilatura", "pypdf", "jinja2", "httpx",
         "alembic", "sqlalchemy", "sqlmodel", "pydantic", "importers.extraction.extractor", "api.main",
         "chronicle.application", "rich", "markdown_it", "pygments")  # help is click's plain text: typer's rich help loads rich's Markdown


def loaded(probe: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def test_help_lists_every_command_without_loading_the_database_http_parsing_or_rich_code():
    modules = loaded(PROBE)
    assert "importers.cli" in modules and "api.cli" in modules  # the plugins' commands are there
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert heavy == []


def test_help_names_the_plugins_commands():
    run = subprocess.run([sys.executable, "-m", "chronicle", "--help"], capture_output=True, text=True, check=True)
    for command in ("append", "state", "serve", "token", "extract", "import"):
        assert command in run.stdout


def test_opening_a_sqlite_chronicle_loads_neither_sqlalchemy_alembic_http_nor_parsing_code(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    from chronicle.store.database import Database

    db = Database(url)
    db.upgrade()
    db.dispose()
    probe = f"""
import json, sys
from chronicle.application import Chronicle
Chronicle.open({url!r}).close()
json.dump(sorted(sys.modules), sys.stderr)
"""
    modules = loaded(probe)
    heavy = sorted(m for m in modules if m.split(".")[0] in ("alembic", "sqlmodel", "fastapi", "pymorphy3", "importers", "api"))
    assert heavy == []
    assert sorted(m for m in modules if m.split(".")[0] == "sqlalchemy") == []  # a SQLite file is read by the driver


# A read command run as the ``chronicle`` program runs it (``cli.main``), in a fresh interpreter.
READ_PROBE = """
import json, os, sys
os.environ["CHRONICLE_DATABASE_URL"] = {url!r}
sys.argv = ["chronicle", *{args!r}]
from chronicle import cli
try:
    cli.main()
except SystemExit as exc:
    assert not exc.code, exc.code
json.dump(sorted(sys.modules), sys.stderr)
"""

# What a read never needs: the writer's code, the envelope and attributes models and pydantic (loaded by the
# first validation; typer before 0.29 coerces the command line without pydantic), rich
# (tables, progress bars and typer's rich help), the HTTP and the parsing code.
NOT_FOR_READS = ("chronicle.domain.envelopes", "chronicle.domain.fast_envelopes", "chronicle.store.append",
                 "chronicle.store.replicate", "chronicle.review.queue", "typer.rich_utils", "sqlalchemy.ext.asyncio",
                 "sqlalchemy.dialects.sqlite.aiosqlite")
NOT_FOR_READS_PACKAGES = ("rich", "markdown_it", "fastapi", "starlette", "uvicorn", "alembic", "sqlmodel", "pymorphy3",
                          "importers", "api",
                          "pydantic", "pydantic_core")  # the attributes models are made on first validation
PLUGINS = ("api", "api.cli", "importers", "importers.cli")  # their commands, and nothing else of theirs


@pytest.mark.parametrize("args", [["state", "BY", "KR"], ["search", "minister", "--format", "json"]])
def test_a_read_command_loads_no_sqlalchemy_on_sqlite_nor_the_envelope_models_rich_http_or_parsing_code(
    chronicle, args
):
    chronicle.append([fact("visit", "2019-05", ["BY", "KR"], "The minister visited Minsk in May 2019")])
    modules = loaded(READ_PROBE.format(url=chronicle.db.url, args=args))
    assert "chronicle.queries.state" in modules  # the command ran
    assert "importers.cli" in modules and "api.cli" in modules  # with every plugin's commands
    heavy = sorted(m for m in modules - set(PLUGINS) if m in NOT_FOR_READS or m.split(".")[0] in NOT_FOR_READS_PACKAGES)
    assert heavy == []
    if chronicle.db.dialect == "sqlite":  # a SQLite file is read through the driver; PostgreSQL through SQLAlchemy
        assert sorted(m for m in modules if m.split(".")[0] == "sqlalchemy") == []


def test_appending_loads_the_envelope_models_and_the_writer_not_sqlalchemy(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    from chronicle.store.database import Database

    db = Database(url)
    db.upgrade()
    db.dispose()
    envelopes = tmp_path / "e.jsonl"
    envelopes.write_text(json.dumps(fact("visit", "2019-05", ["BY", "KR"], "The minister visited Minsk in May 2019")))
    modules = loaded(READ_PROBE.format(url=url, args=["append", str(envelopes)]))
    assert {"chronicle.domain.envelopes", "chronicle.store.append"} <= modules
    # a SQLite file's append and its projection run on the driver (Database.lean_write): no SQLAlchemy
    assert sorted(m for m in modules if m.split(".")[0] == "sqlalchemy") == []


def test_the_server_starts_without_the_importer():
    probe = """
import json, sys
from api.main import create_app
json.dump(sorted(sys.modules), sys.stderr)
"""
    modules = loaded(probe)
    assert "fastapi" in modules
    assert sorted(m for m in modules if m.split(".")[0] in ("pymorphy3", "razdel", "trafilatura", "pypdf")) == []
    assert "importers.extraction.extractor" not in modules


SERVER_PROBE = """
import json, sys, warnings
warnings.simplefilter("ignore")
from starlette.testclient import TestClient
from api.main import create_app
from chronicle.application import Chronicle
with TestClient(create_app(chronicle=Chronicle.open({url!r}))) as client:
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/relations/BY/KR").status_code == 200
json.dump(sorted(sys.modules), sys.stderr)
"""


def test_the_servers_first_answers_need_neither_the_envelope_models_nor_the_writer_nor_sqlalchemy_on_sqlite(chronicle):
    chronicle.append([fact("visit", "2019-05", ["BY", "KR"], "The minister visited Minsk in May 2019")])
    modules = loaded(SERVER_PROBE.format(url=chronicle.db.url))
    assert "fastapi" in modules
    writer = ("chronicle.domain.envelopes", "chronicle.domain.fast_envelopes", "chronicle.store.append",
              "chronicle.store.replicate")  # (the review queue is loaded: the routes catch its errors)
    assert sorted(m for m in modules if m in writer) == []
    if chronicle.db.dialect == "sqlite":
        assert sorted(m for m in modules if m.split(".")[0] == "sqlalchemy") == []
