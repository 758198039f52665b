"""Limits on failed sign-ins, per email address and per client address."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete
from sqlalchemy.dialects import postgresql, sqlite

from server.store import tables


class LoginThrottle:
    def __init__(self, max_failures: int, window: timedelta, max_per_address: int) -> None:
        self.max_failures = max_failures
        self.max_per_address = max_per_address
        self.window = window

    def _limit(self, key: str) -> int:
        return self.max_per_address if key.startswith("ip:") else self.max_failures

    def reserve(self, connection: Connection, keys: list[str], now: datetime) -> int | None:
        """Count an attempt against every key, or, when a key has used up its window,
        the seconds to wait (and count nothing).

        The attempt counts as a failure until `succeeded` gives it back, so that parallel
        attempts cannot all pass the check before any of them fails. Rows are locked in
        the order of `keys`; on SQLite the process lock serialises anyway.
        """
        table = tables.login_throttle
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        rows = []
        for key in keys:
            # Inserts the row or locks the existing one, and reads it, in one statement:
            # a separate read could miss a row that another sign-in deleted meanwhile.
            statement = insert(table).values(key=key, failures=0, window_started_at=now)
            locked = statement.on_conflict_do_update(
                index_elements=[table.c.key], set_={"failures": table.c.failures}
            ).returning(*table.c)
            rows.append(connection.execute(locked).one())
        waits = [
            (row.window_started_at + self.window - now).total_seconds()
            for row in rows
            if row.failures >= self._limit(row.key) and now < row.window_started_at + self.window
        ]
        if waits:
            return int(max(1, math.ceil(max(waits))))
        for row in rows:
            if row.window_started_at + self.window <= now:
                values = {"failures": 1, "window_started_at": now}
            else:
                values = {"failures": row.failures + 1}
            connection.execute(table.update().where(table.c.key == row.key).values(**values))
        return None

    def succeeded(self, connection: Connection, keys: list[str]) -> None:
        """The right password: forget the email's failures, give the address its attempt back."""
        table = tables.login_throttle
        for key in keys:
            if key.startswith("email:"):
                connection.execute(delete(table).where(table.c.key == key))
            else:
                connection.execute(
                    table.update()
                    .where(table.c.key == key)
                    .where(table.c.failures > 0)
                    .values(failures=table.c.failures - 1)
                )
