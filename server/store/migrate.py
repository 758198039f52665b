"""Bring a database's schema up to date, loading Alembic only when there is work to do.

Importing Alembic takes megabytes of memory and a noticeable part of a second, which
every start of the embedded server would pay for a schema that is nearly always current
already. So the revision Alembic records in `alembic_version` is read with plain
SQLAlchemy first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, column, inspect, select, table

from server.store.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in server/store/migrations/versions. A new migration must update it;
# tests/server/test_migrate.py fails until it does.
HEAD_REVISION = "0005"

# The table Alembic keeps its revision in; only the column read here is declared.
version_table = table("alembic_version", column("version_num"))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "server.store:migrations")
    return config


def stored_revisions(connection: Connection) -> set[str]:
    """The revisions Alembic recorded; none for a database it never touched."""
    if not inspect(connection).has_table(version_table.name):
        return set()
    rows = connection.execute(select(version_table.c.version_num)).scalars()
    return {str(revision) for revision in rows}


def is_current(database: Database) -> bool:
    with database.engine.connect() as connection:
        return stored_revisions(connection) == {HEAD_REVISION}


def upgrade(database: Database) -> None:
    if is_current(database):
        return
    from alembic import command

    config = alembic_config()
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
