"""Sign-ins: token families (one per password sign-in) and their rotating refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select

from presence import Role
from server.store import tables
from server.store.users import User

# Built once: every signed-in request runs it.
_SIGN_IN = (
    select(
        tables.users.c.id,
        tables.users.c.email,
        tables.users.c.display_name,
        tables.users.c.role,
        tables.token_families.c.revoked_at,
        tables.token_families.c.expires_at,
    )
    .join(tables.token_families, tables.token_families.c.user_id == tables.users.c.id)
    .where(tables.users.c.id == bindparam("user_id"))
    .where(tables.token_families.c.id == bindparam("family_id"))
)


@dataclass(frozen=True)
class SignIn:
    """A user and one of their token families."""

    user: User
    revoked_at: datetime | None
    expires_at: datetime


def find_sign_in(connection: Connection, user_id: str, family_id: str) -> SignIn | None:
    """None when the user has no such family."""
    row = connection.execute(_SIGN_IN, {"user_id": user_id, "family_id": family_id}).first()
    if row is None:
        return None
    user = User(row.id, row.email, row.display_name, Role(row.role))
    return SignIn(user, row.revoked_at, row.expires_at)


def start_family(
    connection: Connection, family_id: str, user_id: str, now: datetime, expires_at: datetime
) -> None:
    connection.execute(
        tables.token_families.insert().values(
            id=family_id, user_id=user_id, created_at=now, expires_at=expires_at
        )
    )


def revoke_family(connection: Connection, family_id: str, now: datetime, *, reason: str) -> None:
    connection.execute(
        tables.token_families.update()
        .where(tables.token_families.c.id == family_id)
        .where(tables.token_families.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


def add_refresh_token(
    connection: Connection, digest: str, family_id: str, now: datetime, expires_at: datetime
) -> None:
    connection.execute(
        tables.refresh_tokens.insert().values(
            token_hash=digest, family_id=family_id, issued_at=now, expires_at=expires_at
        )
    )


def find_refresh_token(connection: Connection, digest: str) -> Row[Any] | None:
    """The refresh token stored under `digest` (`used_at`, `expires_at`, `family_id`), with
    its family's `user_id`, `revoked_at` and `family_expires_at`."""
    return connection.execute(
        select(
            tables.refresh_tokens,
            tables.token_families.c.user_id,
            tables.token_families.c.revoked_at,
            tables.token_families.c.expires_at.label("family_expires_at"),
        )
        .join(tables.token_families)
        .where(tables.refresh_tokens.c.token_hash == digest)
    ).first()


def consume_refresh_token(connection: Connection, digest: str, now: datetime) -> bool:
    """Mark a refresh token used; False when another request used it first.

    The condition is checked by the UPDATE itself: on PostgreSQL a second transaction
    waits for the first one's row lock and then finds `used_at` set.
    """
    result = connection.execute(
        tables.refresh_tokens.update()
        .where(tables.refresh_tokens.c.token_hash == digest)
        .where(tables.refresh_tokens.c.used_at.is_(None))
        .values(used_at=now)
    )
    return result.rowcount == 1
