"""Sign-in: password and refresh-token grants, rotation, reuse detection."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from anyio.to_thread import run_sync
from sqlalchemy import Connection

from server.domain.context import SIGN_IN_AGAIN, ServerContext
from server.domain.errors import NotSignedIn, TooManyAttempts
from server.domain.throttle import LoginThrottle
from server.domain.tokens import new_refresh_token, refresh_token_digest
from server.store.sign_ins import (
    add_refresh_token,
    consume_refresh_token,
    find_refresh_token,
    revoke_family,
    start_family,
)
from server.store.users import (
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


def _bad_credentials() -> NotSignedIn:
    return NotSignedIn(
        "Sign-in failed", "The email or password is wrong. Check both and try again."
    )


def _refresh_refused(detail: str) -> NotSignedIn:
    return NotSignedIn("Signed out", detail)


class Login:
    def __init__(self, ctx: ServerContext) -> None:
        self._ctx = ctx
        settings = ctx.settings
        self._throttle = LoginThrottle(
            settings.login_max_failures,
            timedelta(seconds=settings.login_window),
            settings.login_max_failures_per_address,
        )
        self._refresh_ttl = timedelta(seconds=settings.refresh_token_ttl)
        self._family_ttl = timedelta(seconds=settings.token_family_ttl)

    async def with_password(self, email: str, password: str, client_address: str) -> Grant:
        """Checks the password; the attempt is counted before the slow hash, so that
        parallel guesses meet the limit as sequential ones do."""
        ctx = self._ctx
        keys = sorted([f"email:{normalise_email(email)}", f"ip:{client_address}"])
        wait, found = await run_sync(self._reserve_attempt, email, keys)
        if wait is not None:
            raise TooManyAttempts(
                "Too many attempts",
                f"Too many failed sign-ins. Try again in {wait} seconds.",
                retry_after=wait,
            )
        stored_hash = found[1] if found else None
        valid, new_hash = await ctx.hashing.run(self._check_password, stored_hash, password)
        if not valid or found is None:
            raise _bad_credentials()
        return await run_sync(self._password_grant, found[0], keys, new_hash)

    def _reserve_attempt(
        self, email: str, keys: list[str]
    ) -> tuple[int | None, tuple[User, str] | None]:
        with self._ctx.work(None) as work:
            wait = self._throttle.reserve(work.connection, keys, self._ctx.clock.now())
            return wait, user_and_hash_by_email(work.connection, email)

    def _check_password(self, stored_hash: str | None, password: str) -> tuple[bool, str | None]:
        """Whether the password is right, and its new hash when the cost settings changed."""
        passwords = self._ctx.passwords
        if not passwords.verify(stored_hash, password):
            return False, None
        assert stored_hash is not None
        return True, passwords.hash(password) if passwords.needs_rehash(stored_hash) else None

    def _password_grant(self, user: User, keys: list[str], new_hash: str | None) -> Grant:
        with self._ctx.work(None) as work:
            self._throttle.succeeded(work.connection, keys)
            if new_hash is not None:
                set_password_hash(work.connection, user.id, new_hash)
            now = self._ctx.clock.now()
            return self._grant(work.connection, user, str(uuid.uuid4()), now, new_family=True)

    def with_refresh_token(self, refresh_token: str) -> Grant:
        ctx = self._ctx
        refused: NotSignedIn | None = None
        with ctx.work(None) as work:
            connection, now = work.connection, ctx.clock.now()
            digest = refresh_token_digest(refresh_token)
            row = find_refresh_token(connection, digest)
            if row is None:
                refused = _refresh_refused(f"This sign-in is not known. {SIGN_IN_AGAIN}")
            elif row.revoked_at is not None:
                refused = _refresh_refused(f"You were signed out. {SIGN_IN_AGAIN}")
            elif row.used_at is not None or not consume_refresh_token(connection, digest, now):
                # A rotated token came back, or two uses raced: someone holds a copy.
                # End the whole family.
                revoke_family(connection, row.family_id, now, reason="reuse")
                work.touched(row.user_id)
                refused = _refresh_refused(
                    "This sign-in was used from two places, so it was ended to keep your "
                    f"account safe. {SIGN_IN_AGAIN}"
                )
            elif now >= row.expires_at or now >= row.family_expires_at:
                refused = _refresh_refused(f"Your sign-in has expired. {SIGN_IN_AGAIN}")
            else:
                user = user_by_id(connection, row.user_id)
                assert user is not None
                return self._grant(
                    connection, user, row.family_id, now, family_expires_at=row.family_expires_at
                )
        raise refused

    def _grant(
        self,
        connection: Connection,
        user: User,
        family_id: str,
        now: datetime,
        *,
        new_family: bool = False,
        family_expires_at: datetime | None = None,
    ) -> Grant:
        if new_family:
            family_expires_at = now + self._family_ttl
            start_family(connection, family_id, user.id, now, family_expires_at)
        assert family_expires_at is not None
        token, digest = new_refresh_token()
        expires_at = min(now + self._refresh_ttl, family_expires_at)
        add_refresh_token(connection, digest, family_id, now, expires_at)
        tokens = self._ctx.access_tokens
        return Grant(
            user=user,
            access_token=tokens.issue(user.id, user.role, family_id, now),
            refresh_token=token,
            expires_in=int(tokens.ttl.total_seconds()),
        )
