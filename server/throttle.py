"""Limits on failed sign-ins, per email address and per client address."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from server import tables


class LoginThrottle:
    def __init__(self, max_failures: int, window: timedelta) -> None:
        self.max_failures = max_failures
        self.window = window

    def retry_after(self, connection: Connection, keys: list[str], now: datetime) -> int | None:
        """Seconds to wait before another attempt, or None when one is allowed now."""
        rows = connection.execute(
            select(tables.login_throttle).where(tables.login_throttle.c.key.in_(keys))
        ).all()
        waits = [
            (row.window_started_at + self.window - now).total_seconds()
            for row in rows
            if row.failures >= self.max_failures and now < row.window_started_at + self.window
        ]
        return math.ceil(max(waits)) if waits else None

    def failed(self, connection: Connection, keys: list[str], now: datetime) -> None:
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        table = tables.login_throttle
        for key in keys:
            connection.execute(
                insert(table)
                .values(key=key, failures=0, window_started_at=now)
                .on_conflict_do_nothing(index_elements=[table.c.key])
            )
            query = select(table).where(table.c.key == key)
            if connection.dialect.name == "postgresql":
                query = query.with_for_update()
            row = connection.execute(query).one()
            if row.window_started_at + self.window <= now:
                values = {"failures": 1, "window_started_at": now}
            else:
                values = {"failures": row.failures + 1}
            connection.execute(table.update().where(table.c.key == key).values(**values))

    def succeeded(self, connection: Connection, key: str) -> None:
        connection.execute(delete(tables.login_throttle).where(tables.login_throttle.c.key == key))
