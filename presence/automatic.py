"""Automatic status A: what a person's devices say about them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from presence.model import AppState, Device, Reason, RuleConfig, Status


@dataclass(frozen=True)
class Activity:
    """The facts the rules read off the devices at one instant (DESIGN.md section 3)."""

    alive: bool
    foreground: bool
    signed_out: bool
    in_session: bool
    in_call: bool  # an alive device reports a microphone or camera in use
    wrapping_up: bool  # within the wrap-up after the last session, none running
    inactivity: timedelta | None  # None: no device has ever been active (I is infinite)
    last_active_at: datetime | None


def is_alive(device: Device, now: datetime, config: RuleConfig) -> bool:
    return (
        device.app_state is not AppState.OFFLINE
        and now - device.last_seen_at <= config.liveness_timeout
    )


def wrap_up_holds(wrap_up_until: datetime | None, active_sessions: int, now: datetime) -> bool:
    return active_sessions == 0 and wrap_up_until is not None and now < wrap_up_until


def read_activity(
    devices: Sequence[Device],
    active_sessions: int,
    now: datetime,
    config: RuleConfig,
    *,
    wrap_up_until: datetime | None = None,
) -> Activity:
    alive_devices = [d for d in devices if is_alive(d, now, config)]
    alive = bool(alive_devices)
    foreground = any(d.app_state is AppState.FOREGROUND for d in alive_devices)
    last_active_at = max((d.last_active_at for d in devices), default=None)
    inactivity = None if last_active_at is None else max(now - last_active_at, timedelta(0))
    in_session = active_sessions > 0 and alive
    in_call = any(d.signals.in_call for d in alive_devices)
    wrapping_up = alive and wrap_up_holds(wrap_up_until, active_sessions, now)
    if in_session or in_call or wrapping_up:
        # A professional in a session, in a call or writing up the last session is
        # working, whatever the keyboard says.
        inactivity, foreground = timedelta(0), True
    return Activity(
        alive=alive,
        foreground=foreground,
        signed_out=all(d.app_state is AppState.OFFLINE for d in devices),
        in_session=in_session,
        in_call=in_call,
        wrapping_up=wrapping_up,
        inactivity=inactivity,
        last_active_at=last_active_at,
    )


def automatic_from_activity(activity: Activity, config: RuleConfig) -> tuple[Status, Reason]:
    if activity.signed_out:
        return Status.OFFLINE, Reason.SIGNED_OUT
    inactivity = activity.inactivity
    if inactivity is None or inactivity >= config.offline_after:
        return Status.OFFLINE, Reason.INACTIVE
    if activity.alive and activity.foreground and inactivity < config.away_after:
        return Status.ONLINE, Reason.IN_SESSION if activity.in_session else Reason.ACTIVE
    if activity.alive:
        return Status.AWAY, Reason.IDLE if activity.foreground else Reason.BACKGROUND
    return Status.AWAY, Reason.DISCONNECTED


def automatic_status(
    devices: Sequence[Device],
    active_sessions: int,
    now: datetime,
    config: RuleConfig,
) -> tuple[Status, Reason]:
    """A, first match wins: signed out, inactive, active, otherwise away."""
    return automatic_from_activity(read_activity(devices, active_sessions, now, config), config)
