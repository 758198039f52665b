"""The status API's JSON documents (DESIGN.md section 4) as typed values, read and written.

A client reads every answer through these functions once, at its edge: what does not
have the documented shape raises `DocumentError`, naming the field, and never travels
further as loose JSON. Pure: no I/O, no clock.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import NotRequired, TypeAlias, TypedDict, TypeVar

from presence.model import (
    NO_SIGNALS,
    AppState,
    DeviceSignals,
    EffectiveStatus,
    QuietHours,
    Reason,
    Role,
    Status,
    StatusNote,
    Weekday,
)

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

# Limits of the availability document, which the server checks and the desktop's fields
# keep to (DESIGN.md sections 3 and 4).
MOST_CONCURRENT_SESSIONS = 50
STATUS_NOTE_LENGTH = 100
MOST_WRAP_UP_MINUTES = 120
# "Extend" adds this much to a wrap-up, and at most this much at once.
WRAP_UP_EXTENSION_MINUTES = 5
MOST_WRAP_UP_EXTENSION_MINUTES = 60

# The problem type of a heartbeat refused because the account has too many devices.
TOO_MANY_DEVICES_PROBLEM = "urn:availability:problem:too-many-devices"

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


class DocumentError(ValueError):
    """A document without the documented shape; the message names the field."""


@dataclass(frozen=True)
class PersonRef:
    id: str
    display_name: str


@dataclass(frozen=True)
class OverrideDocument:
    """An admin's override as the availability document shows it."""

    status: Status
    until: datetime | None
    note: str | None
    set_by: PersonRef | None


@dataclass(frozen=True)
class AvailabilityDocument:
    """GET /v1/me/availability: what the person chose, and its version (the ETag)."""

    preference: Status
    preference_expires_at: datetime | None
    max_concurrent_sessions: int
    online_availability: bool
    in_person_availability: bool
    quiet_hours: QuietHours
    admin_override: OverrideDocument | None
    version: int
    status_note: StatusNote | None = None
    wrap_up_minutes: int = 0
    busy_in_calls: bool = True
    busy_in_do_not_disturb: bool = False
    wrap_up_until: datetime | None = None  # the wrap-up under way ends then


@dataclass(frozen=True)
class UserInfo:
    id: str
    email: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserInfo


@dataclass(frozen=True)
class HeartbeatAnswer:
    status: EffectiveStatus
    heartbeat_interval: float
    server_time: datetime


@dataclass(frozen=True)
class SessionDocument:
    id: str
    professional_id: str
    mode: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class ProfessionalStatus:
    id: str
    display_name: str
    status: Status
    accepting_sessions: bool
    online_availability: bool
    in_person_availability: bool
    status_note: StatusNote | None = None


class QuietHoursChanges(TypedDict, total=False):
    enabled: bool
    timezone: str
    start: str
    end: str
    days: list[str]


class AvailabilityChanges(TypedDict, total=False):
    """A PATCH /v1/me/availability body: only the fields that change."""

    preference: str
    preference_expires_at: str | None
    max_concurrent_sessions: int
    online_availability: bool
    in_person_availability: bool
    quiet_hours: QuietHoursChanges
    status_note: StatusNoteChanges | None
    wrap_up_minutes: int
    busy_in_calls: bool
    busy_in_do_not_disturb: bool


class StatusNoteChanges(TypedDict):
    text: str
    expires_at: str | None


@dataclass(frozen=True)
class ActivityReading:
    """What a heartbeat says about the device: foreground, background or offline, and
    seconds since the last input (None when this desktop cannot tell)."""

    app_state: AppState
    idle_seconds: float | None
    signals: DeviceSignals = NO_SIGNALS


class SignalsJson(TypedDict):
    in_call: bool
    calendar_busy_until: str | None
    do_not_disturb: bool


class HeartbeatRequest(TypedDict):
    device_id: str
    platform: str
    app_state: AppState
    idle_seconds: float | None
    signals: NotRequired[SignalsJson]


# --- reading ------------------------------------------------------------------------------


class _Fields:
    """The members of one JSON object, each read as one type or refused by name."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise DocumentError(f"{where or 'the document'} is not a JSON object")
        self._value: Mapping[str, object] = value
        self._where = where

    def _name(self, key: str) -> str:
        return f"{self._where}.{key}" if self._where else key

    def _get(self, key: str) -> object:
        if key not in self._value:
            raise DocumentError(f"{self._name(key)} is missing")
        return self._value[key]

    def _refuse(self, key: str, expected: str) -> DocumentError:
        return DocumentError(f"{self._name(key)} is not {expected}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._refuse(key, "text")
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._refuse(key, "true or false")
        return value

    def integer(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._refuse(key, "a whole number")
        return value

    def number(self, key: str) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._refuse(key, "a number")
        return float(value)

    def moment(self, key: str) -> datetime:
        text = self.text(key)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise self._refuse(key, "a date and time") from None
        if moment.tzinfo is None:
            raise self._refuse(key, "a date and time with an offset")
        return moment

    def clock(self, key: str) -> time:
        text = self.text(key)
        try:
            return time.fromisoformat(text)
        except ValueError:
            raise self._refuse(key, "a time of day (HH:MM)") from None

    def choice(self, key: str, kind: type[E]) -> E:
        value = self._get(key)
        try:
            return kind(value)
        except ValueError:
            raise self._refuse(key, f"one of {', '.join(str(m.value) for m in kind)}") from None

    def items(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._refuse(key, "a list")
        return value

    def optional(self, key: str, read: Callable[[str], T]) -> T | None:
        """`read(key)`, or None when the member is null."""
        return None if self._get(key) is None else read(key)

    def newer(self, key: str, read: Callable[[str], T]) -> T | None:
        """A member older servers leave out: `read(key)`, or None when missing or null."""
        return read(key) if self._value.get(key) is not None else None

    def inner(self, key: str) -> _Fields:
        return _Fields(self._get(key), self._name(key))


_WEEKDAY_NAMES = frozenset(day.value for day in Weekday)


def _quiet_hours(fields: _Fields) -> QuietHours:
    days: set[Weekday] = set()
    for index, day in enumerate(fields.items("days")):
        if not isinstance(day, str) or day not in _WEEKDAY_NAMES:
            raise DocumentError(f"quiet_hours.days[{index}] is not a weekday")
        days.add(Weekday(day))
    return QuietHours(
        enabled=fields.boolean("enabled"),
        timezone=fields.text("timezone"),
        start=fields.clock("start"),
        end=fields.clock("end"),
        days=frozenset(days),
    )


def _person(fields: _Fields) -> PersonRef:
    return PersonRef(id=fields.text("id"), display_name=fields.text("display_name"))


def _override(fields: _Fields) -> OverrideDocument:
    return OverrideDocument(
        status=fields.choice("status", Status),
        until=fields.optional("until", fields.moment),
        note=fields.optional("note", fields.text),
        set_by=fields.optional("set_by", lambda key: _person(fields.inner(key))),
    )


def _note(fields: _Fields) -> StatusNote:
    return StatusNote(
        text=fields.text("text"), expires_at=fields.optional("expires_at", fields.moment)
    )


def read_availability(value: object) -> AvailabilityDocument:
    fields = _Fields(value, "")
    return AvailabilityDocument(
        preference=fields.choice("preference", Status),
        preference_expires_at=fields.optional("preference_expires_at", fields.moment),
        max_concurrent_sessions=fields.integer("max_concurrent_sessions"),
        online_availability=fields.boolean("online_availability"),
        in_person_availability=fields.boolean("in_person_availability"),
        quiet_hours=_quiet_hours(fields.inner("quiet_hours")),
        admin_override=fields.optional("admin_override", lambda key: _override(fields.inner(key))),
        version=fields.integer("version"),
        status_note=fields.newer("status_note", lambda key: _note(fields.inner(key))),
        # Older servers leave these out; their defaults are what such a server does.
        wrap_up_minutes=fields.newer("wrap_up_minutes", fields.integer) or 0,
        busy_in_calls=_or_default(fields.newer("busy_in_calls", fields.boolean), True),
        busy_in_do_not_disturb=fields.newer("busy_in_do_not_disturb", fields.boolean) or False,
        wrap_up_until=fields.newer("wrap_up_until", fields.moment),
    )


def _or_default(value: T | None, default: T) -> T:
    return default if value is None else value


def _effective_status(fields: _Fields) -> EffectiveStatus:
    return EffectiveStatus(
        status=fields.choice("status", Status),
        reason=fields.choice("reason", Reason),
        preference=fields.choice("preference", Status),
        accepting_sessions=fields.boolean("accepting_sessions"),
        active_sessions=fields.integer("active_sessions"),
        max_concurrent_sessions=fields.optional("max_concurrent_sessions", fields.integer),
        last_active_at=fields.optional("last_active_at", fields.moment),
        changes_at=fields.optional("changes_at", fields.moment),
        computed_at=fields.moment("computed_at"),
    )


def read_effective_status(value: object) -> EffectiveStatus:
    return _effective_status(_Fields(value, ""))


def read_heartbeat_answer(value: object) -> HeartbeatAnswer:
    fields = _Fields(value, "")
    interval = fields.number("heartbeat_interval")
    if interval <= 0:
        raise DocumentError("heartbeat_interval is not a positive number")
    return HeartbeatAnswer(
        status=_effective_status(fields.inner("status")),
        heartbeat_interval=interval,
        server_time=fields.moment("server_time"),
    )


def _user(fields: _Fields) -> UserInfo:
    return UserInfo(
        id=fields.text("id"),
        email=fields.text("email"),
        display_name=fields.text("display_name"),
        role=fields.choice("role", Role),
    )


def read_user(value: object) -> UserInfo:
    return _user(_Fields(value, ""))


def read_token_grant(value: object) -> TokenGrant:
    fields = _Fields(value, "")
    return TokenGrant(
        access_token=fields.text("access_token"),
        refresh_token=fields.text("refresh_token"),
        expires_in=fields.integer("expires_in"),
        user=_user(fields.inner("user")),
    )


def read_session(value: object) -> SessionDocument:
    fields = _Fields(value, "")
    return SessionDocument(
        id=fields.text("id"),
        professional_id=fields.text("professional_id"),
        mode=fields.text("mode"),
        started_at=fields.moment("started_at"),
        ended_at=fields.optional("ended_at", fields.moment),
    )


def read_professional_status(value: object) -> ProfessionalStatus:
    fields = _Fields(value, "")
    return ProfessionalStatus(
        id=fields.text("id"),
        display_name=fields.text("display_name"),
        status=fields.choice("status", Status),
        accepting_sessions=fields.boolean("accepting_sessions"),
        online_availability=fields.boolean("online_availability"),
        in_person_availability=fields.boolean("in_person_availability"),
        status_note=fields.newer("status_note", lambda key: _note(fields.inner(key))),
    )


def read_list(value: object, read: Callable[[object], T]) -> list[T]:
    if not isinstance(value, list):
        raise DocumentError("the document is not a JSON list")
    return [read(item) for item in value]


# --- writing ------------------------------------------------------------------------------


def _moment_json(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _clock_json(value: time) -> str:
    return value.strftime("%H:%M")


def quiet_hours_json(quiet: QuietHours) -> JsonObject:
    return {
        "enabled": quiet.enabled,
        "timezone": quiet.timezone,
        "start": _clock_json(quiet.start),
        "end": _clock_json(quiet.end),
        "days": [day.value for day in Weekday if day in quiet.days],
    }


def availability_json(document: AvailabilityDocument) -> JsonObject:
    override = document.admin_override
    override_json: JsonValue = None
    if override is not None:
        set_by: JsonValue = None
        if override.set_by is not None:
            set_by = {"id": override.set_by.id, "display_name": override.set_by.display_name}
        override_json = {
            "status": override.status.value,
            "until": _moment_json(override.until),
            "note": override.note,
            "set_by": set_by,
        }
    return {
        "preference": document.preference.value,
        "preference_expires_at": _moment_json(document.preference_expires_at),
        "max_concurrent_sessions": document.max_concurrent_sessions,
        "online_availability": document.online_availability,
        "in_person_availability": document.in_person_availability,
        "quiet_hours": quiet_hours_json(document.quiet_hours),
        "admin_override": override_json,
        "version": document.version,
        "status_note": note_json(document.status_note),
        "wrap_up_minutes": document.wrap_up_minutes,
        "busy_in_calls": document.busy_in_calls,
        "busy_in_do_not_disturb": document.busy_in_do_not_disturb,
        "wrap_up_until": _moment_json(document.wrap_up_until),
    }


def signals_json(signals: DeviceSignals) -> SignalsJson:
    return {
        "in_call": signals.in_call,
        "calendar_busy_until": _moment_json(signals.calendar_busy_until),
        "do_not_disturb": signals.do_not_disturb,
    }


def note_json(note: StatusNote | None) -> JsonValue:
    if note is None:
        return None
    return {"text": note.text, "expires_at": _moment_json(note.expires_at)}


def effective_status_json(status: EffectiveStatus) -> JsonObject:
    return {
        "status": status.status.value,
        "reason": status.reason.value,
        "preference": status.preference.value,
        "accepting_sessions": status.accepting_sessions,
        "active_sessions": status.active_sessions,
        "max_concurrent_sessions": status.max_concurrent_sessions,
        "last_active_at": _moment_json(status.last_active_at),
        "changes_at": _moment_json(status.changes_at),
        "computed_at": status.computed_at.isoformat(),
    }


def user_json(user: UserInfo) -> JsonObject:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role.value,
    }
