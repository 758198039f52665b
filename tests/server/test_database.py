"""The schema the migrations build is the schema the code uses; SQLite runs in WAL mode."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from server.store.tables import metadata
from tests.support.api_harness import Harness


def test_the_migrations_match_the_tables_in_code(harness: Harness) -> None:
    with harness.ctx.database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_sqlite_runs_in_wal_mode(harness: Harness) -> None:
    if not harness.ctx.database.is_sqlite:
        return
    with harness.ctx.database.begin() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_healthz_answers_when_the_database_does(harness: Harness) -> None:
    response = harness.anonymous.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
