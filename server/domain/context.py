"""What every request handler needs, built once per server process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection

from presence import Role, RuleConfig
from server.bounded_workers import BoundedWorkers
from server.clock import Clock
from server.domain.errors import NotSignedIn
from server.domain.passwords import Passwords
from server.domain.tokens import AccessTokens
from server.settings import Settings
from server.store.change_hub import EventHub
from server.store.database import Database
from server.store.sign_ins import SignIn, find_sign_in
from server.store.users import User

SIGN_IN_AGAIN = "Your sign-in has ended. Sign in again."


@dataclass(frozen=True)
class Caller:
    """Who is asking, as their access token says."""

    user_id: str
    role: Role
    family_id: str
    expires_at: datetime


@dataclass
class Work:
    """One transaction. Handlers name the people whose status it may change."""

    connection: Connection
    caller: User | None
    changed: set[str] = field(default_factory=set)

    @property
    def user(self) -> User:
        assert self.caller is not None
        return self.caller

    def touched(self, user_id: str) -> None:
        self.changed.add(user_id)


@dataclass
class ServerContext:
    settings: Settings
    clock: Clock
    database: Database
    hub: EventHub
    passwords: Passwords
    access_tokens: AccessTokens
    rules: RuleConfig
    hashing: BoundedWorkers

    @contextmanager
    def work(
        self, caller: Caller | None, check: Callable[[Connection], User] | None = None
    ) -> Iterator[Work]:
        """A transaction that first checks that the caller's sign-in still stands.

        `check` does it instead (raising NotSignedIn), for a handler that reads the
        sign-in together with what it needs anyway.
        """
        with self.database.begin() as connection:
            if check is not None:
                user: User | None = check(connection)
            elif caller is not None:
                user = _signed_in_user(connection, caller, self.clock.now())
            else:
                user = None
            work = Work(connection, user)
            yield work
            if work.changed:
                self.hub.before_commit(connection, work.changed)
        if work.changed:
            self.hub.after_commit(work.changed)

    @contextmanager
    def read(self, caller: Caller | None) -> Iterator[Work]:
        """Like `work`, for handlers that only read: on SQLite it waits for no writer."""
        with self.database.read() as connection:
            user = None if caller is None else _signed_in_user(connection, caller, self.clock.now())
            yield Work(connection, user)

    def access_token_ttl(self) -> timedelta:
        return self.access_tokens.ttl


def _signed_in_user(connection: Connection, caller: Caller, now: datetime) -> User:
    return standing(find_sign_in(connection, caller.user_id, caller.family_id), caller, now)


def standing(found: SignIn | None, caller: Caller, now: datetime) -> User:
    """The user of a sign-in that still stands for `caller`; else NotSignedIn."""
    if (
        found is None
        or found.revoked_at is not None
        or now >= found.expires_at
        or found.user.role is not caller.role
    ):
        raise NotSignedIn("Signed out", SIGN_IN_AGAIN)
    return found.user
