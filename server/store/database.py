"""Engine set-up for SQLite (embedded, WAL) and PostgreSQL, and one way to open a transaction."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import ConnectionPoolEntry


def normalise_url(raw: str) -> URL:
    """Accept plain `postgresql://` URLs and pick the psycopg 3 driver for them."""
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(
            f"unsupported database {url.get_backend_name()!r}: use sqlite or postgresql"
        )
    return url


class DatabaseBusy(Exception):
    """Another process has held SQLite's write lock for longer than `busy_timeout`."""


class Database:
    """Owns the engine. On SQLite, one process-wide lock serialises transactions.

    SQLite allows one writer at a time; its own busy handler waits in steps of up to
    100 ms, which is far too coarse for heartbeats. Statements take microseconds, so
    handing the database over through a Python lock is both fair and fast. Other
    processes (the CLI) still meet `busy_timeout`, and so does the wait for the lock:
    past it, the caller gets `DatabaseBusy` (the API answers 503) instead of waiting on.
    Reads (`read()`) take neither: WAL lets them run beside a writer.
    """

    def __init__(self, url: str, busy_timeout: float = 5.0) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.busy_timeout = busy_timeout
        self._lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None
        self._commit_hooks: list[Callable[[], None]] = []
        self.engine: Engine = self._create_engine()

    def _create_engine(self) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, pool_size=20, max_overflow=20, pool_pre_ping=True)
        database = self.url.database
        if database and database != ":memory:":
            private_database_file(Path(database).expanduser())
        engine = create_engine(
            self.url, connect_args={"check_same_thread": False, "timeout": self.busy_timeout}
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction that commits on success and rolls back on any exception."""
        if self._lock is None:
            with self.engine.begin() as connection:
                yield connection
            return
        if not self._lock.acquire(timeout=self.busy_timeout):
            raise DatabaseBusy("another transaction held the database too long")
        try:
            with self.engine.begin() as connection:
                yield connection
            for hook in self._commit_hooks:
                hook()
        finally:
            self._lock.release()

    @property
    def writing(self) -> bool:
        """SQLite: a transaction of this process holds (or waits for) the write lock."""
        return self._lock is not None and self._lock.locked()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction that only reads. On SQLite it begins DEFERRED and skips the
        process lock, so it runs while this or another process writes."""
        if self._lock is None:
            with self.engine.begin() as connection:
                yield connection
            return
        with self.engine.connect() as plain:
            connection = plain.execution_options(sqlite_read_only=True)
            with connection.begin():
                yield connection

    def after_each_commit(self, hook: Callable[[], None]) -> None:
        """On SQLite, run `hook` after each transaction of this process, still under its lock."""
        self._commit_hooks.append(hook)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold off this process's transactions (SQLite); a no-op on PostgreSQL."""
        if self._lock is None:
            yield
            return
        with self._lock:
            yield

    def dispose(self) -> None:
        self.engine.dispose()


def private_database_file(path: Path) -> None:
    """Make the SQLite file owner-only (0600) before SQLite opens it, in an owner-only
    folder when the folder is new. SQLite gives its -wal and -shm files the database
    file's mode. A file left readable by others by an earlier version is tightened."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            with contextlib.suppress(FileNotFoundError):
                if file.stat().st_mode & 0o077:
                    file.chmod(0o600)
    else:
        os.close(descriptor)


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN, so that it can be IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: a deferred transaction that later
    # writes can fail at once with SQLITE_BUSY instead of waiting. Reads begin deferred.
    if connection.get_execution_options().get("sqlite_read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
