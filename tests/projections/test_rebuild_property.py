"""Projecting incrementally (after every append) gives exactly what a rebuild from scratch gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from chronicle.application import Chronicle
from chronicle.projections.check import TABLES
from tests.histories import histories, write

def dump(app: Chronicle) -> dict[str, list[tuple]]:
    with app.db.read() as conn:
        return {
            table: sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT {columns} FROM {table}"))
            for table, columns in TABLES.items()
        }


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories)
def test_incremental_projection_equals_rebuild(fresh_database, history):
    app = Chronicle(database_url=fresh_database())
    try:
        app.projector.BATCH = 3  # many small batches: corrections meet rows of earlier batches
        write(app, history)
        incremental = dump(app)
        app.projector.BATCH = 5000  # the rebuild replays everything in one batch
        app.rebuild()
        assert dump(app) == incremental
        assert app.projector.checkpoint() == app.head().position
    finally:
        app.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories)
def test_every_projected_role_is_one_its_section_declares(fresh_database, history):
    """The state query reads rows by the roles SECTION_ROLES declares: a role placement gives outside them
    would never be shown."""
    from chronicle.projections.facts import SECTION_ROLES

    app = Chronicle(database_url=fresh_database())
    try:
        write(app, history)
        with app.db.read() as conn:
            placed = set(conn.exec_driver_sql("SELECT DISTINCT section, role FROM relationship_facts"))
        assert all(role in SECTION_ROLES[section] for section, role in placed), placed
    finally:
        app.close()
