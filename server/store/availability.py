"""Reading and writing a person's availability row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import Connection, Row, select

from presence import AdminOverride, Availability, QuietHours, Status, StatusNote, Weekday
from server.store import tables


@dataclass(frozen=True)
class StoredAvailability:
    availability: Availability
    version: int
    override_by_name: str | None


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _days_text(days: frozenset[Weekday]) -> str:
    return ",".join(day.value for day in Weekday if day in days)


def availability_row(availability: Availability) -> dict[str, Any]:
    """The columns that hold `availability`, without version and timestamps."""
    quiet = availability.quiet_hours
    override = availability.admin_override
    note = availability.status_note
    return {
        "preference": availability.preference.value,
        "preference_expires_at": availability.preference_expires_at,
        "max_concurrent_sessions": availability.max_concurrent_sessions,
        "online_availability": availability.online_availability,
        "in_person_availability": availability.in_person_availability,
        "quiet_hours_enabled": quiet.enabled,
        "quiet_hours_timezone": quiet.timezone,
        "quiet_hours_start": _hhmm(quiet.start),
        "quiet_hours_end": _hhmm(quiet.end),
        "quiet_hours_days": _days_text(quiet.days),
        "override_status": override.status.value if override else None,
        "override_until": override.until if override else None,
        "override_note": override.note if override else None,
        "override_by": override.set_by if override else None,
        "status_note": note.text if note else None,
        "status_note_expires_at": note.expires_at if note else None,
        "wrap_up_minutes": availability.wrap_up_minutes,
        "busy_in_calls": availability.busy_in_calls,
        "busy_in_do_not_disturb": availability.busy_in_do_not_disturb,
        "wrap_up_until": availability.wrap_up_until,
    }


def availability_from_row(row: Row[Any]) -> Availability:
    override = None
    if row.override_status is not None:
        override = AdminOverride(
            status=Status(row.override_status),
            until=row.override_until,
            note=row.override_note,
            set_by=row.override_by,
        )
    days = frozenset(Weekday(d) for d in row.quiet_hours_days.split(",") if d)
    return Availability(
        preference=Status(row.preference),
        preference_expires_at=row.preference_expires_at,
        max_concurrent_sessions=row.max_concurrent_sessions,
        online_availability=row.online_availability,
        in_person_availability=row.in_person_availability,
        quiet_hours=QuietHours(
            enabled=row.quiet_hours_enabled,
            timezone=row.quiet_hours_timezone,
            start=parse_hhmm(row.quiet_hours_start),
            end=parse_hhmm(row.quiet_hours_end),
            days=days,
        ),
        admin_override=override,
        status_note=(
            StatusNote(row.status_note, row.status_note_expires_at)
            if row.status_note is not None
            else None
        ),
        wrap_up_minutes=row.wrap_up_minutes,
        busy_in_calls=row.busy_in_calls,
        busy_in_do_not_disturb=row.busy_in_do_not_disturb,
        wrap_up_until=row.wrap_up_until,
    )


def load_availability(
    connection: Connection, user_id: str, *, for_update: bool = False
) -> StoredAvailability:
    setter = tables.users.alias("setter")
    query = (
        select(tables.availability, setter.c.display_name.label("override_by_name"))
        .outerjoin(setter, setter.c.id == tables.availability.c.override_by)
        .where(tables.availability.c.user_id == user_id)
    )
    if for_update and connection.dialect.name == "postgresql":
        query = query.with_for_update(of=tables.availability)
    row = connection.execute(query).one()
    return StoredAvailability(availability_from_row(row), row.version, row.override_by_name)


def store_availability(
    connection: Connection, user_id: str, availability: Availability, version: int, now: datetime
) -> None:
    connection.execute(
        tables.availability.update()
        .where(tables.availability.c.user_id == user_id)
        .values(**availability_row(availability), version=version, updated_at=now)
    )
