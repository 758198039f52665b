"""Recording a heartbeat: one cheap write at most, and none when nothing changed."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from sqlalchemy import Connection

from presence import AppState, Device, DeviceSignals, EffectiveStatus
from presence.automatic import is_alive
from presence.documents import TOO_MANY_DEVICES_PROBLEM
from server.domain.context import Caller, ServerContext, Work, standing
from server.domain.errors import Conflict
from server.domain.people import PersonState
from server.domain.signed_in_person import load_signed_in_person
from server.store.devices import forget_devices, reported_last_active, upsert_device
from server.store.users import User
from server.wire.schemas import HeartbeatRequest

# How far ahead a busy calendar event counts at most.
LONGEST_CALENDAR_BUSY = timedelta(days=31)


def reported_signals(beat: HeartbeatRequest, now: datetime) -> DeviceSignals:
    """The device's readings, or a refusal naming the field."""
    if beat.signals is None:
        return DeviceSignals()
    until = beat.signals.calendar_busy_until
    if until is not None:
        # A month-long leave in the calendar is busy, but no further than this: the next
        # heartbeats carry it on.
        until = min(until, now + LONGEST_CALENDAR_BUSY)
    # A busy time already over says nothing; storing it would only be noise.
    return DeviceSignals(
        in_call=beat.signals.in_call,
        calendar_busy_until=until if until is not None and until > now else None,
        do_not_disturb=beat.signals.do_not_disturb,
    )


def _signals_of(device: Device | None) -> DeviceSignals:
    return device.signals if device is not None else DeviceSignals()


def visible(status: EffectiveStatus) -> tuple[object, ...]:
    """The parts of a status that a person sees; a change here is worth an event."""
    return (
        status.status,
        status.reason,
        status.preference,
        status.accepting_sessions,
        status.active_sessions,
        status.max_concurrent_sessions,
    )


def _make_room(ctx: ServerContext, work: Work, person: PersonState, now: datetime) -> PersonState:
    """At the device cap, forget the devices that stopped running longest ago."""
    limit = ctx.settings.max_devices_per_account
    excess = len(person.devices) - limit + 1
    if excess <= 0:
        return person
    stopped = sorted(
        (d for d in person.devices if not is_alive(d, now, ctx.rules)),
        key=lambda d: d.last_seen_at,
    )
    if len(stopped) < excess:
        raise Conflict(
            "Too many devices",
            f"This account has {limit} devices running, the most allowed. Quit the app "
            "on a device you no longer use, or wait until one stops, then try again.",
            kind=TOO_MANY_DEVICES_PROBLEM,  # clients tell it from other conflicts
        )
    gone = {d.device_id for d in stopped[:excess]}
    forget_devices(work.connection, work.user.id, sorted(gone))
    return dataclasses.replace(
        person, devices=[d for d in person.devices if d.device_id not in gone]
    )


def heartbeat(ctx: ServerContext, caller: Caller, beat: HeartbeatRequest) -> EffectiveStatus:
    """Record `beat` in one transaction whose first statement reads the caller's sign-in
    and person together; NotSignedIn when the sign-in no longer stands."""
    people: list[PersonState] = []

    def check(connection: Connection) -> User:
        found = load_signed_in_person(connection, caller.user_id, caller.family_id)
        user = standing(found[0] if found else None, caller, ctx.clock.now())
        assert found is not None
        people.append(found[1])
        return user

    with ctx.work(caller, check=check) as work:
        return record_heartbeat(ctx, work, beat, people[0])


def record_heartbeat(
    ctx: ServerContext, work: Work, beat: HeartbeatRequest, person: PersonState
) -> EffectiveStatus:
    now = ctx.clock.now()
    signals = reported_signals(beat, now)
    existing = next((d for d in person.devices if d.device_id == beat.device_id), None)
    if existing is None:
        person = _make_room(ctx, work, person, now)
    before = person.status(now, ctx.rules)

    reported = reported_last_active(beat.app_state, beat.idle_seconds, now)
    if signals.in_call and beat.app_state is not AppState.OFFLINE:
        # A call counts as activity: once it ends, idleness counts from its end.
        reported = now
    stored = existing.last_active_at if existing is not None else None
    candidates = [t for t in (reported, stored) if t is not None]
    # last_active_at never moves backwards.
    last_active_at = max(candidates) if candidates else now
    device = Device(beat.device_id, beat.app_state, now, last_active_at, signals)

    others = [d for d in person.devices if d.device_id != beat.device_id]
    after = dataclasses.replace(person, devices=[*others, device]).status(now, ctx.rules)
    # A shortened busy event or a call ending on one device can bring the next change
    # forward with nothing visible changing yet: the streams must wake earlier too.
    sooner = after.changes_at is not None and (
        before.changes_at is None or after.changes_at < before.changes_at
    )
    changed = visible(after) != visible(before) or (sooner and signals != _signals_of(existing))

    # Skipping keeps the stored last_active_at behind by at most this much, so it is
    # also bounded by a tenth of away_after: the stored value must never make a person
    # look away while their heartbeats say they are active.
    recent = timedelta(seconds=ctx.settings.heartbeat_write_interval)
    if (
        not changed
        and existing is not None
        and existing.app_state is beat.app_state
        and existing.signals == signals
        and now - existing.last_seen_at < recent
        and last_active_at - existing.last_active_at < min(recent, ctx.rules.away_after / 10)
    ):
        return before

    upsert_device(work.connection, work.user.id, device, beat.platform, exists=existing is not None)
    if changed:
        work.touched(work.user.id)
    return after
