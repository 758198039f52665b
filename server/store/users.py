"""People: accounts with a role, and the availability row every account has."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select
from sqlalchemy.exc import IntegrityError

from presence import Availability, Role
from server.store import tables
from server.store.availability import availability_row


@dataclass(frozen=True)
class User:
    id: str
    email: str
    display_name: str
    role: Role


class EmailTaken(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    connection: Connection,
    *,
    email: str,
    display_name: str,
    role: Role,
    password_hash: str,
    now: datetime,
) -> User:
    user = User(str(uuid.uuid4()), normalise_email(email), display_name.strip(), role)
    try:
        with connection.begin_nested():
            connection.execute(
                tables.users.insert().values(
                    id=user.id,
                    email=user.email,
                    display_name=user.display_name,
                    role=user.role.value,
                    password_hash=password_hash,
                    created_at=now,
                )
            )
    except IntegrityError as error:
        raise EmailTaken(f"an account with the email {user.email} exists already") from error
    connection.execute(
        tables.availability.insert().values(
            user_id=user.id, **availability_row(Availability()), version=1, updated_at=now
        )
    )
    return user


def _user(row: Row[Any]) -> User:
    return User(row.id, row.email, row.display_name, Role(row.role))


def user_by_id(connection: Connection, user_id: str) -> User | None:
    row = connection.execute(select(tables.users).where(tables.users.c.id == user_id)).first()
    return None if row is None else _user(row)


def user_and_hash_by_email(connection: Connection, email: str) -> tuple[User, str] | None:
    row = connection.execute(
        select(tables.users).where(tables.users.c.email == normalise_email(email))
    ).first()
    return None if row is None else (_user(row), row.password_hash)


def set_password_hash(connection: Connection, user_id: str, password_hash: str) -> None:
    connection.execute(
        tables.users.update()
        .where(tables.users.c.id == user_id)
        .values(password_hash=password_hash)
    )
