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
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from presence import Role
from server import tables
from server.app import build_context, create_app
from server.context import ServerContext
from server.runner import ServerThread
from server.settings import Settings
from server.users import create_user, set_password_hash

LOCAL_EMAIL = "me@local.invalid"


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

    def start(self) -> tuple[str, LocalAccount]:
        """Migrate, start serving, and make sure the local professional exists."""
        url = self._settings.database_url
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        context = build_context(self._settings)
        account = ensure_local_professional(context)
        self._thread = ServerThread(create_app(context)).start()
        return self._thread.url, account

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
