"""What the CLI's commands do, apart from parsing arguments."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import uvicorn
from sqlalchemy import select

from presence import Role
from server import signing_keys
from server.api.app import create_app
from server.domain.context import ServerContext
from server.domain.errors import Refusal
from server.domain.session_start import start_checked_session
from server.domain.wrap_up import end_session_with_wrap_up
from server.runner import StreamClosingServer, hub_of, proxy_options
from server.settings import Settings
from server.startup import build_context
from server.store import tables
from server.store.database import Database
from server.store.migrate import upgrade
from server.store.sessions import Session, session_by_id
from server.store.users import EmailTaken, create_user, normalise_email

MIN_PASSWORD_LENGTH = 10
# Accounts that can change other people's status, or start sessions for anyone.
MIN_PRIVILEGED_PASSWORD_LENGTH = 14
MIN_DISTINCT_CHARACTERS = 5
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


class CommandError(Exception):
    pass


def serve(settings: Settings, log_level: str) -> int:
    app = create_app(build_context(settings))
    print(f"Serving the status API on http://{settings.host}:{settings.port}", flush=True)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level=log_level, **proxy_options(app)
    )
    # uvicorn itself exits with 3 when the server cannot start (port taken, say).
    with contextlib.suppress(KeyboardInterrupt):
        StreamClosingServer(config, hub_of(app)).run()
    return 0


@contextlib.contextmanager
def _context(settings: Settings) -> Iterator[ServerContext]:
    """A context for one command, its database connections closed at the end."""
    ctx = build_context(settings)
    try:
        yield ctx
    finally:
        ctx.database.dispose()


def rotate_keys(settings: Settings) -> int:
    if settings.secret_key:
        raise CommandError(
            "AVAILABILITY_SECRET_KEY is set, so the keys file is not used: change that "
            "variable instead (everyone's access tokens then renew by themselves)"
        )
    ring = signing_keys.rotate(settings.signing_keys_file)
    print(
        f"New signing key {ring.current.kid} in {settings.signing_keys_file}; "
        f"{len(ring.keys) - 1} earlier kept. Running servers accept tokens signed with it "
        "at once; restart them one at a time to sign with it."
    )
    return 0


def migrate(settings: Settings) -> int:
    database = Database(settings.database_url)
    try:
        upgrade(database)
    finally:
        database.dispose()
    print("The database schema is up to date.")
    return 0


def password_problem(password: str, role: Role) -> str | None:
    """Why `password` is too weak for `role`, or None."""
    needed = (
        MIN_PRIVILEGED_PASSWORD_LENGTH
        if role in (Role.ADMIN, Role.SERVICE)
        else MIN_PASSWORD_LENGTH
    )
    if len(password) < needed:
        return f"the password of {role.value} accounts needs at least {needed} characters"
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        return (
            f"the password needs at least {MIN_DISTINCT_CHARACTERS} different characters; "
            "a few random words make a good one"
        )
    return None


def add_user(settings: Settings, email: str, name: str, role: Role, password: str) -> int:
    if not _EMAIL.match(email):
        raise CommandError(f"{email} is not an email address (name@example.org)")
    weakness = password_problem(password, role)
    if weakness is not None:
        raise CommandError(weakness)
    if not name.strip():
        raise CommandError("the name must not be empty")
    with _context(settings) as ctx:
        password_hash = ctx.passwords.hash(password)
        try:
            with ctx.work(None) as work:
                user = create_user(
                    work.connection,
                    email=email,
                    display_name=name,
                    role=role,
                    password_hash=password_hash,
                    now=ctx.clock.now(),
                )
        except EmailTaken as error:
            raise CommandError(str(error)) from error
    print(f"Added {user.role.value} {user.email} with id {user.id}")
    return 0


def start_session(settings: Settings, professional: str, mode: str, force: bool) -> int:
    with _context(settings) as ctx:
        session = _start(ctx, professional, mode, force)
    print(session.id)
    return 0


def _start(ctx: ServerContext, professional: str, mode: str, force: bool) -> Session:
    try:
        with ctx.work(None) as work:
            row = work.connection.execute(
                select(tables.users.c.id).where(
                    (tables.users.c.id == professional)
                    | (tables.users.c.email == normalise_email(professional))
                )
            ).first()
            if row is None:
                raise CommandError(f"no professional {professional}")
            return start_checked_session(work, ctx.clock.now(), row.id, mode, force=force)
    except Refusal as refusal:
        raise CommandError(refusal.detail) from refusal


def end_session(settings: Settings, session_id: str) -> int:
    with _context(settings) as ctx, ctx.work(None) as work:
        session = session_by_id(work.connection, session_id)
        if session is None:
            raise CommandError(f"no session with id {session_id}")
        if session.ended_at is None:
            end_session_with_wrap_up(work, session, ctx.clock.now())
    print(f"Ended session {session_id}")
    return 0
