"""Everything the rules need about one person, read in as few queries as possible."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from presence import Device, EffectiveStatus, Role, RuleConfig, effective_status
from server.store import tables
from server.store.availability import StoredAvailability, availability_from_row
from server.store.devices import load_devices
from server.store.sessions import active_session_counts
from server.store.users import User


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


SETTER = tables.users.alias("setter")
# What `person_state` reads: the user, their availability, who set an override.
PERSON_COLUMNS = (
    tables.users.c.id,
    tables.users.c.email,
    tables.users.c.display_name,
    tables.users.c.role,
    tables.availability,
    SETTER.c.display_name.label("override_by_name"),
)
# Built once: building a statement costs more than SQLite takes to run it.
_PEOPLE = (
    select(*PERSON_COLUMNS)
    .join(tables.availability, tables.availability.c.user_id == tables.users.c.id)
    .outerjoin(SETTER, SETTER.c.id == tables.availability.c.override_by)
    .where(tables.users.c.id.in_(bindparam("ids", expanding=True)))
)
_PEOPLE_WITH_ROLE = _PEOPLE.where(tables.users.c.role == bindparam("role"))


def load_people(
    connection: Connection, user_ids: Sequence[str], *, role: Role | None = None
) -> list[PersonState]:
    """The people among `user_ids` (with `role`, if given), in the order asked for."""
    if role is None:
        result = connection.execute(_PEOPLE, {"ids": list(user_ids)})
    else:
        result = connection.execute(_PEOPLE_WITH_ROLE, {"ids": list(user_ids), "role": role.value})
    rows = {row.id: row for row in result.all()}
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
