"""Sign-in: password and refresh-token grants, rotation, reuse detection, sign-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from server import tables
from server.context import SIGN_IN_AGAIN, ServerContext
from server.problems import Problem
from server.throttle import LoginThrottle
from server.tokens import new_refresh_token, refresh_token_digest
from server.users import (
    User,
    normalise_email,
    set_password_hash,
    user_and_hash_by_email,
    user_by_id,
)


@dataclass(frozen=True)
class Grant:
    user: User
    access_token: str
    refresh_token: str
    expires_in: int


def _bad_credentials() -> Problem:
    return Problem(
        401,
        "Sign-in failed",
        "The email or password is wrong. Check both and try again.",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _refresh_refused(detail: str) -> Problem:
    return Problem(401, "Signed out", detail, headers={"WWW-Authenticate": "Bearer"})


class Login:
    def __init__(self, ctx: ServerContext) -> None:
        self._ctx = ctx
        settings = ctx.settings
        self._throttle = LoginThrottle(
            settings.login_max_failures, timedelta(seconds=settings.login_window)
        )
        self._refresh_ttl = timedelta(seconds=settings.refresh_token_ttl)

    def with_password(self, email: str, password: str, client_address: str) -> Grant:
        ctx = self._ctx
        keys = [f"email:{normalise_email(email)}", f"ip:{client_address}"]
        with ctx.work(None) as work:
            wait = self._throttle.retry_after(work.connection, keys, ctx.clock.now())
            found = user_and_hash_by_email(work.connection, email)
        if wait is not None:
            raise Problem(
                429,
                "Too many attempts",
                f"Too many failed sign-ins. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        # Hashing takes tens of milliseconds: never while holding a transaction.
        valid = ctx.passwords.verify(found[1] if found else None, password)
        with ctx.work(None) as work:
            now = ctx.clock.now()
            if not valid or found is None:
                self._throttle.failed(work.connection, keys, now)
            else:
                user, password_hash = found
                self._throttle.succeeded(work.connection, keys[0])
                if ctx.passwords.needs_rehash(password_hash):
                    set_password_hash(work.connection, user.id, ctx.passwords.hash(password))
                return self._grant(work.connection, user, str(uuid.uuid4()), now, new_family=True)
        raise _bad_credentials()

    def with_refresh_token(self, refresh_token: str) -> Grant:
        ctx = self._ctx
        refused: Problem | None = None
        with ctx.work(None) as work:
            connection, now = work.connection, ctx.clock.now()
            row = connection.execute(
                select(
                    tables.refresh_tokens,
                    tables.token_families.c.user_id,
                    tables.token_families.c.revoked_at,
                )
                .join(tables.token_families)
                .where(tables.refresh_tokens.c.token_hash == refresh_token_digest(refresh_token))
            ).first()
            if row is None:
                refused = _refresh_refused(f"This sign-in is not known. {SIGN_IN_AGAIN}")
            elif row.revoked_at is not None:
                refused = _refresh_refused(f"You were signed out. {SIGN_IN_AGAIN}")
            elif row.used_at is not None:
                # A rotated token came back: someone holds a copy. End the whole family.
                revoke_family(connection, row.family_id, now, reason="reuse")
                refused = _refresh_refused(
                    "This sign-in was used from two places, so it was ended to keep your "
                    f"account safe. {SIGN_IN_AGAIN}"
                )
            elif now >= row.expires_at:
                refused = _refresh_refused(f"Your sign-in has expired. {SIGN_IN_AGAIN}")
            else:
                user = user_by_id(connection, row.user_id)
                assert user is not None
                connection.execute(
                    tables.refresh_tokens.update()
                    .where(tables.refresh_tokens.c.token_hash == row.token_hash)
                    .values(used_at=now)
                )
                return self._grant(connection, user, row.family_id, now, new_family=False)
        raise refused

    def _grant(
        self, connection: Connection, user: User, family_id: str, now: datetime, *, new_family: bool
    ) -> Grant:
        if new_family:
            connection.execute(
                tables.token_families.insert().values(id=family_id, user_id=user.id, created_at=now)
            )
        token, digest = new_refresh_token()
        connection.execute(
            tables.refresh_tokens.insert().values(
                token_hash=digest,
                family_id=family_id,
                issued_at=now,
                expires_at=now + self._refresh_ttl,
            )
        )
        tokens = self._ctx.access_tokens
        return Grant(
            user=user,
            access_token=tokens.issue(user.id, user.role, family_id, now),
            refresh_token=token,
            expires_in=int(tokens.ttl.total_seconds()),
        )


def revoke_family(connection: Connection, family_id: str, now: datetime, *, reason: str) -> None:
    connection.execute(
        tables.token_families.update()
        .where(tables.token_families.c.id == family_id)
        .where(tables.token_families.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
