"""Effective status E: the manual choice and the caps applied on top of A."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from presence.automatic import (
    Activity,
    automatic_from_activity,
    is_alive,
    read_activity,
    wrap_up_holds,
)
from presence.model import (
    NO_SIGNALS,
    AppState,
    Availability,
    Device,
    EffectiveStatus,
    Preference,
    Reason,
    Role,
    RuleConfig,
    Status,
    StatusNote,
)
from presence.quiet_hours import in_quiet_hours, quiet_hours_edges

# `alive` holds while now - last_seen_at <= liveness_timeout, so the first instant
# a device is no longer alive is one tick after that. datetime's tick is 1 µs.
_TICK = timedelta(microseconds=1)


def current_preference(availability: Availability, now: datetime) -> Preference:
    """P as it reads at `now`: a preference past its `expires_at` reads as online."""
    expires_at = availability.preference_expires_at
    if expires_at is not None and now >= expires_at:
        return Status.ONLINE
    return availability.preference


def current_note(note: StatusNote | None, now: datetime) -> StatusNote | None:
    """A status note as it reads at `now`: none from its `expires_at` on."""
    if note is not None and note.expires_at is not None and now >= note.expires_at:
        return None
    return note


def override_holds(availability: Availability, now: datetime) -> bool:
    override = availability.admin_override
    return override is not None and (override.until is None or now < override.until)


def _manual(
    preference: Preference, activity: Activity, automatic: tuple[Status, Reason]
) -> tuple[Status, Reason]:
    status = automatic[0]
    app_running = activity.alive or status is not Status.OFFLINE
    if preference is Status.OFFLINE:
        return Status.OFFLINE, Reason.MANUAL
    if preference in (Status.BUSY, Status.AWAY):
        # Both hold while the app runs, at the computer too (Teams' "Appear away").
        return (preference, Reason.MANUAL) if app_running else automatic
    return automatic


def _status_and_reason(
    role: Role,
    availability: Availability,
    devices: Sequence[Device],
    active_sessions: int,
    now: datetime,
    config: RuleConfig,
) -> tuple[Status, Reason]:
    activity = read_activity(
        devices, active_sessions, now, config, wrap_up_until=availability.wrap_up_until
    )
    automatic = automatic_from_activity(activity, config)
    preference = current_preference(availability, now)
    if role is not Role.PROFESSIONAL:
        # Regular users choose online or busy only; no caps apply to them.
        return _manual(Status.BUSY, activity, automatic) if preference is Status.BUSY else automatic

    if override_holds(availability, now):
        assert availability.admin_override is not None
        status, reason = availability.admin_override.status, Reason.ADMIN_OVERRIDE
    else:
        status, reason = _manual(preference, activity, automatic)
    if status is not Status.ONLINE:
        return status, reason
    return _cap(availability, devices, active_sessions, activity, now, config) or (status, reason)


def _cap(
    availability: Availability,
    devices: Sequence[Device],
    active_sessions: int,
    activity: Activity,
    now: datetime,
    config: RuleConfig,
) -> tuple[Status, Reason] | None:
    """The first cap that makes an online professional busy, if any (DESIGN.md section 3)."""
    alive = [d for d in devices if is_alive(d, now, config)]
    if active_sessions >= availability.max_concurrent_sessions:
        return Status.BUSY, Reason.AT_CAPACITY
    if activity.in_call and availability.busy_in_calls:
        return Status.BUSY, Reason.IN_CALL
    if wrap_up_holds(availability.wrap_up_until, active_sessions, now):
        return Status.BUSY, Reason.WRAP_UP
    if any(_calendar_busy(d, now) for d in alive):
        return Status.BUSY, Reason.CALENDAR
    if availability.busy_in_do_not_disturb and any(d.signals.do_not_disturb for d in alive):
        return Status.BUSY, Reason.DO_NOT_DISTURB
    if in_quiet_hours(availability.quiet_hours, now):
        return Status.BUSY, Reason.QUIET_HOURS
    if not (availability.online_availability or availability.in_person_availability):
        return Status.BUSY, Reason.NOT_ACCEPTING
    return None


def _calendar_busy(device: Device, now: datetime) -> bool:
    until = device.signals.calendar_busy_until
    return until is not None and now < until


def _liveness_edges(devices: Sequence[Device], config: RuleConfig) -> list[datetime]:
    """The instants at which losing a device can change E: when the last running device
    stops (`alive` ends), when the last one in the foreground stops (`foreground` ends),
    and when each device reporting a signal stops. Any other device's end changes none
    of these, so without signals two instants stand for all the devices, and the status
    costs time linear in their number.
    """
    running = [d for d in devices if d.app_state is not AppState.OFFLINE]
    foreground = [d for d in running if d.app_state is AppState.FOREGROUND]
    edges = [
        max(d.last_seen_at for d in group) + config.liveness_timeout + _TICK
        for group in (running, foreground)
        if group
    ]
    # A device's signals count only while it is alive, so its end can end a call, a
    # busy calendar event or Do Not Disturb while other devices run on.
    edges += [
        d.last_seen_at + config.liveness_timeout + _TICK for d in running if d.signals != NO_SIGNALS
    ]
    return edges


def _candidates(
    availability: Availability, devices: Sequence[Device], now: datetime, config: RuleConfig
) -> list[datetime]:
    """Instants after `now` at which E may change with no new input (DESIGN.md section 3)."""
    found: set[datetime] = set()
    last_active_at = max((d.last_active_at for d in devices), default=None)
    if last_active_at is not None:
        found.add(last_active_at + config.away_after)
        found.add(last_active_at + config.offline_after)
    found.update(_liveness_edges(devices, config))
    if availability.preference_expires_at is not None:
        found.add(availability.preference_expires_at)
    override = availability.admin_override
    if override is not None and override.until is not None:
        found.add(override.until)
    found.update(quiet_hours_edges(availability.quiet_hours, now))
    if availability.wrap_up_until is not None:
        found.add(availability.wrap_up_until)
    found.update(
        d.signals.calendar_busy_until for d in devices if d.signals.calendar_busy_until is not None
    )
    return sorted(t for t in found if t > now)


def next_change(
    role: Role,
    availability: Availability,
    devices: Sequence[Device],
    active_sessions: int,
    now: datetime,
    config: RuleConfig,
) -> datetime | None:
    """The earliest future instant at which (status, reason) differs from now's, if any."""
    current = _status_and_reason(role, availability, devices, active_sessions, now, config)
    for candidate in _candidates(availability, devices, now, config):
        later = _status_and_reason(role, availability, devices, active_sessions, candidate, config)
        if later != current:
            return candidate
    return None


def effective_status(
    role: Role,
    availability: Availability,
    devices: Sequence[Device],
    active_sessions: int,
    now: datetime,
    config: RuleConfig,
) -> EffectiveStatus:
    """E for one person at `now`, with `reason` and `changes_at`."""
    status, reason = _status_and_reason(role, availability, devices, active_sessions, now, config)
    professional = role is Role.PROFESSIONAL
    return EffectiveStatus(
        status=status,
        reason=reason,
        preference=current_preference(availability, now),
        accepting_sessions=professional and status is Status.ONLINE,
        active_sessions=active_sessions,
        max_concurrent_sessions=availability.max_concurrent_sessions if professional else None,
        last_active_at=max((d.last_active_at for d in devices), default=None),
        changes_at=next_change(role, availability, devices, active_sessions, now, config),
        computed_at=now,
    )
