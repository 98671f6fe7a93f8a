"""The raw-SQLite floor of the bulk benchmark writes what the chronicle wrote, chain and all."""

from __future__ import annotations

import pytest
from bench import raw_sqlite
from bench.generate import generate
from chronicle.application import Chronicle
from tests.conftest import ENGINE

pytestmark = pytest.mark.skipif(ENGINE != "sqlite", reason="the floor is SQLite's own")


def test_the_floor_rewrites_the_chronicles_rows_and_its_chain_verifies(fresh_database):
    source_url, target_url = fresh_database(), fresh_database()
    source = Chronicle(database_url=source_url)
    source.append(list(generate(300, 20, seed=3)), collect=False, project=False)
    head = source.head()
    source.close()

    figures = raw_sqlite.run(source_url, target_url)

    assert figures["events"] == head.position == 300
    target = Chronicle(database_url=target_url)
    try:
        assert target.head() == head
        assert target.verify().ok
    finally:
        target.close()
