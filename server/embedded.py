"""The server embedded in the desktop app: one local professional, on a free loopback port.

The desktop's local mode starts this by module path (it never imports `server`
otherwise). It honours the same `AVAILABILITY_*` settings as the standalone server, but
always binds to 127.0.0.1 on a port the OS picks.

The local professional's password is made afresh at every start and lives only in this
process's memory: nothing needs to be stored anywhere to sign in again next time.
"""

from __future__ import annotations

import getpass
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from presence import Role
from server.api.app import create_app
from server.domain.context import ServerContext
from server.runner import ServerThread
from server.settings import Settings
from server.startup import build_context
from server.store import tables
from server.store.users import create_user, set_password_hash

LOCAL_EMAIL = "me@local.invalid"


class UnreadableDatabase(Exception):
    """The SQLite file is not a database, or a damaged one: SQLite's words are in `why`."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


def _damaged(error: DatabaseError) -> bool:
    """SQLite's "file is not a database" and "database disk image is malformed"; not a
    locked or read-only file (OperationalError), which a new file would not mend."""
    original = error.orig
    return isinstance(original, sqlite3.DatabaseError) and not isinstance(
        original, sqlite3.OperationalError
    )


@dataclass(frozen=True)
class LocalAccount:
    email: str
    password: str


def local_display_name() -> str:
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):
        name = ""
    return name or "Me"


def ensure_local_professional(context: ServerContext) -> LocalAccount:
    """Create the local professional, or give it a new password; return how to sign in."""
    password = secrets.token_urlsafe(24)
    password_hash = context.passwords.hash(password)
    with context.work(None) as work:
        user_id = work.connection.execute(
            select(tables.users.c.id).where(tables.users.c.email == LOCAL_EMAIL)
        ).scalar_one_or_none()
        if user_id is None:
            create_user(
                work.connection,
                email=LOCAL_EMAIL,
                display_name=local_display_name(),
                role=Role.PROFESSIONAL,
                password_hash=password_hash,
                now=context.clock.now(),
            )
        else:
            set_password_hash(work.connection, user_id, password_hash)
    return LocalAccount(LOCAL_EMAIL, password)


class EmbeddedServer:
    """The reference server in a background thread. `start()` blocks: call it off the UI."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = (settings or Settings()).model_copy(
            update={"host": "127.0.0.1", "port": 0}
        )
        self._thread: ServerThread | None = None

    @property
    def database_file(self) -> Path | None:
        """The SQLite file, or None for another database."""
        url = self._settings.database_url
        return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None

    def start(self) -> tuple[str, LocalAccount]:
        """Migrate, start serving, and make sure the local professional exists.

        Raises UnreadableDatabase when the SQLite file is not a database, or a damaged one.
        """
        database_file = self.database_file
        if database_file is not None:
            database_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            context = build_context(self._settings)
            account = ensure_local_professional(context)
        except DatabaseError as error:
            if database_file is not None and _damaged(error):
                raise UnreadableDatabase(database_file, str(error.orig)) from error
            raise
        self._thread = ServerThread(create_app(context)).start()
        return self._thread.url, account

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
