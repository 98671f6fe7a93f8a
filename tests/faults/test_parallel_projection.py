"""A large catch-up computes rows in a second process while this one writes: the result is the same.

The benchmark's generator gives a chronicle with corrections of facts from earlier batches (and of the same
batch); projecting it with the second process (in small batches, so that many cross between processes) must
give exactly the tables a plain rebuild gives, and what projecting after every append gives.
"""

from __future__ import annotations

from itertools import islice

from bench.generate import generate
from chronicle.application import Chronicle
from chronicle.projections import projector
from tests.projections.test_rebuild_property import dump

EVENTS = 4000


def test_a_parallel_rebuild_equals_a_plain_one(database_url, monkeypatch):
    app = Chronicle(database_url=database_url)
    try:
        envelopes = generate(EVENTS, 30, seed=9)
        while batch := list(islice(envelopes, 700)):
            app.append(batch)  # projected as it goes
        incremental = dump(app)

        app.projector.PARALLEL_FROM = 0
        app.rebuild()
        plain = dump(app)

        app.projector.PARALLEL_FROM = 1
        app.projector.BATCH = 300
        assert app.rebuild() == EVENTS
        assert dump(app) == plain == incremental
        assert app.projector.checkpoint() == app.head().position

        # on PostgreSQL large batches are written with COPY: row by row INSERTs give the same tables
        monkeypatch.setattr(projector, "COPY_FROM", 10**9)
        app.projector.PARALLEL_FROM = 0
        app.rebuild()
        assert dump(app) == plain
    finally:
        app.close()
