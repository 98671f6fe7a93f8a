"""Alembic creates the whole schema, and the models describe exactly what it creates."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from chronicle.store.database import Database, DatabaseError
from chronicle.store.schema import metadata


# The search index is each engine's own and no model: SQLite's FTS5 table (with its shadow tables) and
# PostgreSQL's GIN index on search_facts.document, both made by migration 0006.
ENGINE_SEARCH_INDEX = ("search_index", "ix_search_facts_document")


def _modelled(name, type_, parent_names) -> bool:
    return not (name or "").startswith(ENGINE_SEARCH_INDEX)


def test_the_migrated_schema_matches_the_models(chronicle):
    with chronicle.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": _modelled}), metadata)
    assert diff == []


def test_the_engine_has_its_search_index(chronicle):
    names = set(inspect(chronicle.db.engine).get_table_names())
    if chronicle.db.engine.dialect.name == "sqlite":
        assert "search_index" in names
    else:
        indexes = {i["name"] for i in inspect(chronicle.db.engine).get_indexes("search_facts")}
        assert "ix_search_facts_document" in indexes


def test_every_table_is_created_by_the_migration(chronicle):
    names = set(inspect(chronicle.db.engine).get_table_names())
    assert set(metadata.tables) <= names
    assert "alembic_version" in names


def test_an_unmigrated_database_is_refused_with_a_hint(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        db.ensure_current()
    except DatabaseError as exc:
        assert "chronicle db upgrade" in str(exc)
    else:
        raise AssertionError("an empty database was accepted")
    finally:
        db.dispose()


def test_upgrading_twice_is_harmless(chronicle):
    chronicle.db.upgrade()
    chronicle.db.ensure_current()


def test_the_head_read_from_the_migration_files_is_alembics(chronicle):
    from alembic.script import ScriptDirectory

    from chronicle.store.database import alembic_config, migration_head

    assert migration_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert chronicle.db.current_revision() == migration_head()
    with chronicle.db.engine.connect() as conn:
        assert chronicle.db.current_revision() == MigrationContext.configure(conn).get_current_revision()


def test_a_database_one_revision_behind_is_refused(tmp_path):
    from alembic.script import ScriptDirectory

    from chronicle.store.database import alembic_config, migration_head

    previous = ScriptDirectory.from_config(alembic_config()).get_revision(migration_head()).down_revision
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        db.upgrade(previous)
        assert db.current_revision() == previous
        try:
            db.ensure_current()
        except DatabaseError as exc:
            assert f"is at revision {previous}" in str(exc)
        else:
            raise AssertionError("a database behind the code was accepted")
    finally:
        db.dispose()
