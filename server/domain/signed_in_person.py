"""A heartbeat's one read: the caller's sign-in and everything the rules need about them.

The hottest route reads in one statement what otherwise takes four (the sign-in, the
person with their availability, their devices, their running sessions): one row per
device, or one row with no device.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select

from presence import AppState, Device, DeviceSignals, Role
from server.domain.people import PERSON_COLUMNS, SETTER, PersonState
from server.store import tables
from server.store.availability import StoredAvailability, availability_from_row
from server.store.sign_ins import SignIn
from server.store.users import User

_running = (
    select(func.count())
    .where(tables.sessions.c.professional_id == tables.users.c.id)
    .where(tables.sessions.c.ended_at.is_(None))
    .scalar_subquery()
)
# Built once: building a statement costs more than SQLite takes to run it.
_SIGNED_IN_PERSON = (
    select(
        *PERSON_COLUMNS,
        tables.token_families.c.revoked_at.label("family_revoked_at"),
        tables.token_families.c.expires_at.label("family_expires_at"),
        _running.label("running_sessions"),
        tables.devices.c.device_id.label("device_id"),
        tables.devices.c.app_state.label("device_app_state"),
        tables.devices.c.last_seen_at.label("device_last_seen_at"),
        tables.devices.c.last_active_at.label("device_last_active_at"),
        tables.devices.c.in_call.label("device_in_call"),
        tables.devices.c.calendar_busy_until.label("device_calendar_busy_until"),
        tables.devices.c.do_not_disturb.label("device_do_not_disturb"),
    )
    .join(tables.availability, tables.availability.c.user_id == tables.users.c.id)
    .join(
        tables.token_families,
        (tables.token_families.c.user_id == tables.users.c.id)
        & (tables.token_families.c.id == bindparam("family_id")),
    )
    .outerjoin(SETTER, SETTER.c.id == tables.availability.c.override_by)
    .outerjoin(tables.devices, tables.devices.c.user_id == tables.users.c.id)
    .where(tables.users.c.id == bindparam("user_id"))
)


def load_signed_in_person(
    connection: Connection, user_id: str, family_id: str
) -> tuple[SignIn, PersonState] | None:
    """None when the user has no such sign-in (or no availability: not a person)."""
    rows = connection.execute(_SIGNED_IN_PERSON, {"user_id": user_id, "family_id": family_id}).all()
    if not rows:
        return None
    first = rows[0]
    user = User(first.id, first.email, first.display_name, Role(first.role))
    devices = [
        Device(
            row.device_id,
            AppState(row.device_app_state),
            row.device_last_seen_at,
            row.device_last_active_at,
            DeviceSignals(
                row.device_in_call, row.device_calendar_busy_until, row.device_do_not_disturb
            ),
        )
        for row in rows
        if row.device_id is not None
    ]
    stored = StoredAvailability(availability_from_row(first), first.version, first.override_by_name)
    person = PersonState(user, stored, devices, int(first.running_sessions))
    sign_in = SignIn(user, first.family_revoked_at, first.family_expires_at)
    return sign_in, person
