"""Fan-out of "this person's status may have changed" to the event streams.

In one process the hub hands the news straight to its subscribers. With PostgreSQL,
every change is sent with NOTIFY inside the transaction that made it, and each server
process LISTENs, so a change made through any process reaches the streams of all.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text

from server.store.database import Database

log = logging.getLogger(__name__)

CHANNEL = "availability_changes"


class Subscription:
    """One event stream's doorbell. `wait()` returns once something rang it."""

    def __init__(self, user_id: str, loop: asyncio.AbstractEventLoop) -> None:
        self.user_id = user_id
        self._loop = loop
        self._event = asyncio.Event()

    def ring(self) -> None:
        self._loop.call_soon_threadsafe(self._event.set)

    async def wait(self) -> None:
        await self._event.wait()
        self._event.clear()


class EventHub:
    """Rings the subscriptions of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: dict[str, set[Subscription]] = {}
        self.closing = False

    def subscribe(self, user_id: str) -> Subscription:
        subscription = Subscription(user_id, asyncio.get_running_loop())
        with self._lock:
            self._subscriptions.setdefault(user_id, set()).add(subscription)
            closing = self.closing
        if closing:
            subscription.ring()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            subscribers = self._subscriptions.get(subscription.user_id, set())
            subscribers.discard(subscription)
            if not subscribers:
                self._subscriptions.pop(subscription.user_id, None)

    def subscriber_count(self, user_id: str | None = None) -> int:
        """Open streams in this process: everyone's, or one person's."""
        with self._lock:
            if user_id is not None:
                return len(self._subscriptions.get(user_id, ()))
            return sum(len(s) for s in self._subscriptions.values())

    def ring(self, user_ids: Iterable[str]) -> None:
        with self._lock:
            targets = [s for u in set(user_ids) for s in self._subscriptions.get(u, ())]
        for subscription in targets:
            subscription.ring()

    def close_streams(self) -> None:
        """The server is shutting down: every stream, open or opening, ends now."""
        with self._lock:
            self.closing = True
            everyone = list(self._subscriptions)
        self.ring(everyone)

    def before_commit(self, connection: Connection, user_ids: set[str]) -> None:
        """Called inside the transaction that changed `user_ids`."""

    def after_commit(self, user_ids: set[str]) -> None:
        self.ring(user_ids)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


class PostgresEventHub(EventHub):
    """Sends changes with NOTIFY and rings local subscribers from a LISTEN thread."""

    def __init__(self, conninfo: str) -> None:
        super().__init__()
        self._conninfo = conninfo
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    def before_commit(self, connection: Connection, user_ids: set[str]) -> None:
        for user_id in sorted(user_ids):
            connection.execute(
                text("SELECT pg_notify(:channel, :user_id)"),
                {
                    "channel": CHANNEL,
                    "user_id": user_id,
                },
            )

    def after_commit(self, user_ids: set[str]) -> None:
        # Delivered by the LISTEN thread, to this process as to every other.
        pass

    def start(self) -> None:
        self._thread = threading.Thread(target=self._listen_forever, name="pg-listen", daemon=True)
        self._thread.start()
        if not self._listening.wait(timeout=10):
            log.warning("not yet listening for changes from other server processes")

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._wake_listener()
            self._thread.join(timeout=5)

    def _wake_listener(self) -> None:
        """The listener waits up to a second for a notice: send it one, so that it sees
        `_stopping` now (a test server's shutdown took 0.7 s of that second)."""
        import psycopg

        try:
            with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=2) as wake:
                wake.execute("SELECT pg_notify(%s, '')", (CHANNEL,))
        except psycopg.Error as error:
            log.debug("could not wake the LISTEN thread (%s); it stops within a second", error)

    def _listen_forever(self) -> None:
        # Imported here: only PostgreSQL needs it, and the app's bundle leaves it out.
        import psycopg

        delay = 0.5
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    delay = 0.5
                    # Anything missed while not listening: every stream re-reads.
                    self._ring_everyone()
                    while not self._stopping.is_set():
                        for notice in connection.notifies(timeout=1.0):
                            if self._stopping.is_set():
                                break
                            self.ring([notice.payload])
            except psycopg.Error as error:
                log.warning("lost the LISTEN connection (%s); retrying in %.1f s", error, delay)
                self._stopping.wait(delay)
                delay = min(delay * 2, 10.0)

    def _ring_everyone(self) -> None:
        with self._lock:
            everyone = list(self._subscriptions)
        self.ring(everyone)


class SqliteEventHub(EventHub):
    """Rings local subscribers directly, and every subscriber when another process commits.

    SQLite has no NOTIFY. A commit by another process, such as the CLI starting a
    session, shows as a change of `PRAGMA data_version` on a connection of ours. Our own
    commits change it too, so the counter is re-read after each of them, under the
    lock that serialises this process's transactions.
    """

    def __init__(self, database: Database, interval: float = 1.0) -> None:
        super().__init__()
        self._database = database
        self._interval = interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._watch: sqlite3.Connection | None = None
        self._seen = 0

    def start(self) -> None:
        path = self._database.url.database
        if not path or path == ":memory:":
            return
        self._watch = sqlite3.connect(path, check_same_thread=False)
        self._seen = self._data_version()
        self._database.after_each_commit(self._our_commit)
        self._thread = threading.Thread(
            target=self._watch_forever, name="sqlite-watch", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._watch is not None:
            self._watch.close()

    def _data_version(self) -> int:
        assert self._watch is not None
        version: int = self._watch.execute("PRAGMA data_version").fetchone()[0]
        return version

    def _our_commit(self) -> None:
        if self._watch is not None:
            self._seen = self._data_version()

    def _watch_forever(self) -> None:
        while not self._stopping.wait(self._interval):
            with self._database.exclusive():
                version = self._data_version()
                changed, self._seen = version != self._seen, version
            if changed:
                with self._lock:
                    everyone = list(self._subscriptions)
                self.ring(everyone)


def conninfo_for(url: Any) -> str:
    """A libpq connection string from a SQLAlchemy URL."""
    plain = url.set(drivername="postgresql")
    return str(plain.render_as_string(hide_password=False))
