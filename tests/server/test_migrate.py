"""Migrations run through Alembic only when the schema is behind; a current one skips it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect, update

from server.store.database import Database
from server.store.migrate import HEAD_REVISION, alembic_config, is_current, upgrade, version_table

# Migrates if need be, then says whether Alembic was imported to do so.
UPGRADE_IN_A_FRESH_INTERPRETER = """
import sys
from server.store.database import Database
from server.store.migrate import upgrade
database = Database(sys.argv[1])
upgrade(database)
database.dispose()
print("alembic" in sys.modules)
"""


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = Database(database_url)
    yield opened
    opened.dispose()


def alembic_imported_by_upgrade(database_url: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", UPGRADE_IN_A_FRESH_INTERPRETER, database_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {"True\n": True, "False\n": False}[done.stdout]


def downgrade_to_base(database: Database) -> None:
    config = alembic_config()
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        connection.commit()


def table_names(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_head_revision_is_the_newest_migration() -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head == HEAD_REVISION, (
        f"a migration was added: set HEAD_REVISION = {head!r} in server/store/migrate.py"
    )


def test_a_new_database_is_migrated_to_head(database: Database) -> None:
    assert not is_current(database)
    upgrade(database)
    assert is_current(database)
    assert {"users", "sessions", "devices"} <= table_names(database)


def test_a_current_database_is_left_alone_without_importing_alembic(
    database: Database, database_url: str
) -> None:
    assert alembic_imported_by_upgrade(database_url)  # the first run has work to do
    assert is_current(database)
    assert not alembic_imported_by_upgrade(database_url)
    assert is_current(database)


def test_an_older_schema_is_upgraded_by_alembic(database: Database) -> None:
    upgrade(database)
    downgrade_to_base(database)
    assert not is_current(database)
    assert "users" not in table_names(database)
    upgrade(database)
    assert is_current(database)
    assert "users" in table_names(database)


def test_an_unknown_revision_is_left_to_alembic_to_refuse(database: Database) -> None:
    upgrade(database)
    with database.engine.begin() as connection:
        connection.execute(update(version_table).values(version_num="ffffffffffff"))
    assert not is_current(database)
    with pytest.raises(CommandError, match="ffffffffffff"):
        upgrade(database)
