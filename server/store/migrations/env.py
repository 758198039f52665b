"""Alembic environment: runs on the connection that `server.store.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from server.store.tables import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through `availability-server migrate`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Two processes starting at once must not both migrate.
        connection.execute(text("SELECT pg_advisory_xact_lock(7405001)"))
    context.run_migrations()
