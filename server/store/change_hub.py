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
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, text

from server.store import tables
from server.store.database import Database

log = logging.getLogger(__name__)

CHANNEL = "availability_changes"


class Subscription:
    """One event stream's doorbell: rung for any of `user_ids`; `wait()` returns once
    something rang it, and `take_rung()` says for whom.

    `owner` is the account that opened the stream and `kind` what it is ("me" for one's
    own events, "watch" for watching professionals): the per-account limits count them.
    """

    def __init__(
        self,
        user_ids: Iterable[str],
        loop: asyncio.AbstractEventLoop,
        owner: str | None = None,
        kind: str = "me",
    ) -> None:
        self.user_ids = frozenset(user_ids)
        self.owner = owner
        self.kind = kind
        self._loop = loop
        self._event = asyncio.Event()
        self._lock = threading.Lock()
        self._rung: set[str] = set()

    def ring(self, user_id: str | None = None) -> None:
        """For `user_id`, or for all of them (something may have been missed)."""
        with self._lock:
            if user_id is None:
                self._rung.update(self.user_ids)
            else:
                self._rung.add(user_id)
        self._loop.call_soon_threadsafe(self._event.set)

    def take_rung(self) -> set[str]:
        with self._lock:
            rung, self._rung = self._rung, set()
        return rung

    async def wait(self) -> None:
        await self._event.wait()
        self._event.clear()


class EventHub:
    """Rings the subscriptions of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: dict[str, set[Subscription]] = {}
        self._open: dict[tuple[str | None, str], int] = {}
        self._listeners: list[Callable[[Iterable[str] | None], None]] = []
        self.closing = False

    def on_ring(self, listener: Callable[[Iterable[str] | None], None]) -> None:
        """`listener(ids)` hears every ring before the streams do (None: everyone's)."""
        self._listeners.append(listener)

    def subscribe(self, *user_ids: str, owner: str | None = None, kind: str = "me") -> Subscription:
        """A doorbell for changes to any of `user_ids`; `owner` defaults to the first."""
        subscription = Subscription(
            user_ids, asyncio.get_running_loop(), owner or user_ids[0], kind
        )
        with self._lock:
            for user_id in subscription.user_ids:
                self._subscriptions.setdefault(user_id, set()).add(subscription)
            key = (subscription.owner, kind)
            self._open[key] = self._open.get(key, 0) + 1
            closing = self.closing
        if closing:
            subscription.ring()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            for user_id in subscription.user_ids:
                subscribers = self._subscriptions.get(user_id, set())
                subscribers.discard(subscription)
                if not subscribers:
                    self._subscriptions.pop(user_id, None)
            key = (subscription.owner, subscription.kind)
            left = self._open.get(key, 0) - 1
            if left > 0:
                self._open[key] = left
            else:
                self._open.pop(key, None)

    def subscriber_count(self, owner: str | None = None, kind: str = "me") -> int:
        """Open streams of `kind` in this process: everyone's, or one account's."""
        with self._lock:
            if owner is not None:
                return self._open.get((owner, kind), 0)
            return sum(count for (_, each), count in self._open.items() if each == kind)

    def ring(self, user_ids: Iterable[str]) -> None:
        changed = set(user_ids)
        for listener in self._listeners:
            listener(changed)
        with self._lock:
            targets = [(s, u) for u in changed for s in self._subscriptions.get(u, ())]
        for subscription, user_id in targets:
            subscription.ring(user_id)

    def _ring_everyone(self) -> None:
        for listener in self._listeners:
            listener(None)
        with self._lock:
            everyone = {s for group in self._subscriptions.values() for s in group}
        for subscription in everyone:
            subscription.ring()

    def close_streams(self) -> None:
        """The server is shutting down: every stream, open or opening, ends now."""
        with self._lock:
            self.closing = True
        self._ring_everyone()

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


class SqliteEventHub(EventHub):
    """Rings local subscribers directly, and for another process's commit, the streams of
    the people it changed.

    SQLite has no NOTIFY. Every commit that changes someone's status adds their id to
    the `changes` table, in the same transaction. A commit by another process, such as
    the CLI starting a session, shows as a change of `PRAGMA data_version` on a
    connection of ours; the rows after the last one read say whom it concerns. Our own
    commits change the counter too, so it is re-read after each of them, under the lock
    that serialises this process's transactions. Reading our own rows again rings our
    streams twice, which costs a read and sends nothing.
    """

    KEEP = 100_000  # rows of the log kept; a process reads what is new within a second

    def __init__(self, database: Database, interval: float = 1.0) -> None:
        super().__init__()
        self._database = database
        self._interval = interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._watch: sqlite3.Connection | None = None
        self._seen = 0
        self._last_seq = 0

    def before_commit(self, connection: Connection, user_ids: set[str]) -> None:
        if user_ids:
            connection.execute(
                tables.changes.insert(), [{"user_id": user_id} for user_id in sorted(user_ids)]
            )

    def start(self) -> None:
        path = self._database.url.database
        if not path or path == ":memory:":
            return
        self._watch = sqlite3.connect(path, check_same_thread=False)
        self._seen = self._data_version()
        self._last_seq = self._watch.execute(
            "SELECT coalesce(max(seq), 0) FROM changes"
        ).fetchone()[0]
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

    def _new_changes(self) -> list[str]:
        """The ids logged since the last read; the log's oldest rows are dropped."""
        assert self._watch is not None
        rows = self._watch.execute(
            "SELECT seq, user_id FROM changes WHERE seq > ? ORDER BY seq", (self._last_seq,)
        ).fetchall()
        if rows:
            self._last_seq = rows[-1][0]
            if self._last_seq % 1000 < len(rows):  # now and then, not at every read
                self._prune()
        return [user_id for _, user_id in rows]

    def _prune(self) -> None:
        assert self._watch is not None
        try:
            with self._database.exclusive(), self._watch:
                self._watch.execute(
                    "DELETE FROM changes WHERE seq <= ?", (self._last_seq - self.KEEP,)
                )
        except sqlite3.Error as error:  # another process holds the lock: next time
            log.info("could not trim the changes log (%s)", error)

    def _watch_forever(self) -> None:
        while not self._stopping.wait(self._interval):
            with self._database.exclusive():
                version = self._data_version()
                changed, self._seen = version != self._seen, version
            if changed:
                try:
                    self.ring(self._new_changes())
                except sqlite3.Error as error:
                    log.warning("could not read the changes log (%s); waking every stream", error)
                    self._ring_everyone()


def conninfo_for(url: Any) -> str:
    """A libpq connection string from a SQLAlchemy URL."""
    plain = url.set(drivername="postgresql")
    return str(plain.render_as_string(hide_password=False))
