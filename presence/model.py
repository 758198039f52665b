"""Value types the status rules read and produce."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta


class Status(enum.StrEnum):
    ONLINE = "online"
    BUSY = "busy"
    AWAY = "away"
    OFFLINE = "offline"


# The manual choice uses the same four words as the status it asks for.
Preference = Status


class Reason(enum.StrEnum):
    """Why the effective status is what it is; the UI turns these into words."""

    SIGNED_OUT = "signed_out"
    INACTIVE = "inactive"
    ACTIVE = "active"
    IN_SESSION = "in_session"
    IDLE = "idle"
    BACKGROUND = "background"
    DISCONNECTED = "disconnected"
    MANUAL = "manual"
    ADMIN_OVERRIDE = "admin_override"
    AT_CAPACITY = "at_capacity"
    IN_CALL = "in_call"
    WRAP_UP = "wrap_up"
    CALENDAR = "calendar"
    DO_NOT_DISTURB = "do_not_disturb"
    QUIET_HOURS = "quiet_hours"
    NOT_ACCEPTING = "not_accepting"


class AppState(enum.StrEnum):
    FOREGROUND = "foreground"
    BACKGROUND = "background"
    OFFLINE = "offline"


class Role(enum.StrEnum):
    PROFESSIONAL = "professional"
    USER = "user"
    SERVICE = "service"
    ADMIN = "admin"


class Weekday(enum.StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in `date.weekday()`.

        Not called `index`: a StrEnum member is a str, and `str.index` must keep working.
        """
        return list(Weekday).index(self)


ALL_WEEKDAYS: frozenset[Weekday] = frozenset(Weekday)


@dataclass(frozen=True)
class RuleConfig:
    """The thresholds of the rules (DESIGN.md section 3)."""

    heartbeat_interval: timedelta = timedelta(seconds=30)
    liveness_timeout: timedelta = timedelta(seconds=100)
    away_after: timedelta = timedelta(seconds=300)
    offline_after: timedelta = timedelta(seconds=900)


@dataclass(frozen=True)
class DeviceSignals:
    """What a device sees beyond the keyboard: its own readings, never their details
    (no app names, no event titles)."""

    in_call: bool = False  # a microphone or camera is in use by some app
    calendar_busy_until: datetime | None = None  # a busy calendar event runs until then
    do_not_disturb: bool = False  # the desktop's Do Not Disturb is on


NO_SIGNALS = DeviceSignals()


@dataclass(frozen=True)
class Device:
    """One client's view of its person, on the server clock."""

    device_id: str
    app_state: AppState
    last_seen_at: datetime
    last_active_at: datetime
    signals: DeviceSignals = NO_SIGNALS


@dataclass(frozen=True)
class QuietHours:
    """A weekly window during which a professional takes no new sessions.

    A window that crosses midnight belongs to the day it starts on.
    """

    enabled: bool = False
    timezone: str = "UTC"
    start: time = time(22, 0)
    end: time = time(8, 0)
    days: frozenset[Weekday] = ALL_WEEKDAYS


@dataclass(frozen=True)
class AdminOverride:
    status: Status
    until: datetime | None = None
    note: str | None = None
    set_by: str | None = None


@dataclass(frozen=True)
class StatusNote:
    """A line shown beside the status ("Back at 14:00"); not a status. It reads as none
    from `expires_at` on."""

    text: str
    expires_at: datetime | None = None


@dataclass(frozen=True)
class Availability:
    """What a person chose: the preference and, for professionals, what they accept."""

    preference: Preference = Status.ONLINE
    preference_expires_at: datetime | None = None
    max_concurrent_sessions: int = 3
    online_availability: bool = True
    in_person_availability: bool = False
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    admin_override: AdminOverride | None = None
    status_note: StatusNote | None = None
    # Busy for this long after a session ends with none left running (0: no wrap-up).
    wrap_up_minutes: int = 0
    busy_in_calls: bool = True
    busy_in_do_not_disturb: bool = False
    # When the wrap-up under way ends: set by the server when a session ends, moved by
    # "Extend" and cleared by "I'm ready". Not a choice, but it travels with them.
    wrap_up_until: datetime | None = None


@dataclass(frozen=True)
class EffectiveStatus:
    """E, the one status everyone sees, and when it would next change by itself."""

    status: Status
    reason: Reason
    preference: Preference
    accepting_sessions: bool
    active_sessions: int
    max_concurrent_sessions: int | None
    last_active_at: datetime | None
    changes_at: datetime | None
    computed_at: datetime
