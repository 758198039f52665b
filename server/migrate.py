"""Bring a database's schema up to date with Alembic."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from server.database import Database


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "server:migrations")
    return config


def upgrade(database: Database) -> None:
    config = alembic_config()
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
