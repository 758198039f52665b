"""Short builders for the inputs of the status rules, all relative to one instant T."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta

from presence import (
    AppState,
    Availability,
    Device,
    DeviceSignals,
    EffectiveStatus,
    QuietHours,
    Reason,
    Role,
    RuleConfig,
    Status,
    Weekday,
    effective_status,
)

T = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # a Monday
CONFIG = RuleConfig()


def at(seconds: float) -> datetime:
    """T plus `seconds` (negative: before T)."""
    return T + timedelta(seconds=seconds)


def utc(text: str) -> datetime:
    """An instant written as ISO text in UTC, such as "2026-03-08 07:30"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def device(state: AppState, seen: float, active: float, name: str = "desktop") -> Device:
    """A device whose last heartbeat and last use were `seen` and `active` seconds from T."""
    return Device(device_id=name, app_state=state, last_seen_at=at(seen), last_active_at=at(active))


def fg(seen: float, active: float, name: str = "desktop") -> Device:
    return device(AppState.FOREGROUND, seen, active, name)


def bg(seen: float, active: float, name: str = "desktop") -> Device:
    return device(AppState.BACKGROUND, seen, active, name)


def off(seen: float, active: float, name: str = "desktop") -> Device:
    return device(AppState.OFFLINE, seen, active, name)


def reading(
    base: Device,
    *,
    in_call: bool = False,
    busy_until: float | None = None,
    dnd: bool = False,
) -> Device:
    """`base` with the device's signals: a call, a busy calendar event until `busy_until`
    seconds from T, Do Not Disturb."""
    until = None if busy_until is None else at(busy_until)
    return replace(base, signals=DeviceSignals(in_call, until, dnd))


def quiet(
    start: str,
    end: str,
    timezone: str = "UTC",
    days: str = "mon tue wed thu fri sat sun",
    *,
    enabled: bool = True,
) -> QuietHours:
    """Quiet hours written as in the doc: quiet("22:00", "08:00", "Europe/London", "fri")."""
    return QuietHours(
        enabled=enabled,
        timezone=timezone,
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
        days=frozenset(Weekday(day) for day in days.split()),
    )


def shown(status: Status, reason: Reason) -> str:
    """A result as the doc writes it: "busy / manual"."""
    return f"{status} / {reason}"


@dataclass(frozen=True)
class Situation:
    """Everything `effective_status` reads about one person, apart from `now`."""

    availability: Availability = field(default_factory=Availability)
    devices: tuple[Device, ...] = ()
    sessions: int = 0
    role: Role = Role.PROFESSIONAL

    def at(self, now: datetime = T) -> EffectiveStatus:
        return effective_status(
            self.role, self.availability, self.devices, self.sessions, now, CONFIG
        )

    def shown_at(self, now: datetime = T) -> str:
        result = self.at(now)
        return shown(result.status, result.reason)
