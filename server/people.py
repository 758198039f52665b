"""Everything the rules need about one person, read in as few queries as possible."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from presence import Device, EffectiveStatus, Role, RuleConfig, effective_status
from server import tables
from server.availability_store import StoredAvailability, availability_from_row
from server.devices_store import load_devices
from server.sessions_store import active_session_counts
from server.users import User


@dataclass(frozen=True)
class PersonState:
    user: User
    stored: StoredAvailability
    devices: list[Device]
    active_sessions: int

    def status(self, now: datetime, rules: RuleConfig) -> EffectiveStatus:
        return effective_status(
            self.user.role,
            self.stored.availability,
            self.devices,
            self.active_sessions,
            now,
            rules,
        )


def load_people(
    connection: Connection, user_ids: Sequence[str], *, role: Role | None = None
) -> list[PersonState]:
    """The people among `user_ids` (with `role`, if given), in the order asked for."""
    setter = tables.users.alias("setter")
    query = (
        select(
            tables.users.c.id,
            tables.users.c.email,
            tables.users.c.display_name,
            tables.users.c.role,
            tables.availability,
            setter.c.display_name.label("override_by_name"),
        )
        .join(tables.availability, tables.availability.c.user_id == tables.users.c.id)
        .outerjoin(setter, setter.c.id == tables.availability.c.override_by)
        .where(tables.users.c.id.in_(user_ids))
    )
    if role is not None:
        query = query.where(tables.users.c.role == role.value)
    rows = {row.id: row for row in connection.execute(query).all()}
    found = [user_id for user_id in dict.fromkeys(user_ids) if user_id in rows]
    devices = load_devices(connection, found)
    counts = active_session_counts(connection, found)
    people = []
    for user_id in found:
        row = rows[user_id]
        people.append(
            PersonState(
                user=User(row.id, row.email, row.display_name, Role(row.role)),
                stored=StoredAvailability(
                    availability_from_row(row), row.version, row.override_by_name
                ),
                devices=devices[user_id],
                active_sessions=counts[user_id],
            )
        )
    return people


def load_person(connection: Connection, user_id: str) -> PersonState:
    (person,) = load_people(connection, [user_id])
    return person
