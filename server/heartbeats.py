"""Recording a heartbeat: one cheap write at most, and none when nothing changed."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from presence import Device, EffectiveStatus
from server.context import ServerContext, Work
from server.devices_store import reported_last_active, upsert_device
from server.people import load_person
from server.schemas import HeartbeatRequest


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


def record_heartbeat(ctx: ServerContext, work: Work, beat: HeartbeatRequest) -> EffectiveStatus:
    now = ctx.clock.now()
    person = load_person(work.connection, work.user.id)
    before = person.status(now, ctx.rules)
    existing = next((d for d in person.devices if d.device_id == beat.device_id), None)

    reported = reported_last_active(beat.app_state, beat.idle_seconds, now)
    stored = existing.last_active_at if existing is not None else None
    candidates = [t for t in (reported, stored) if t is not None]
    # last_active_at never moves backwards.
    last_active_at = max(candidates) if candidates else now
    device = Device(beat.device_id, beat.app_state, now, last_active_at)

    others = [d for d in person.devices if d.device_id != beat.device_id]
    after = dataclasses.replace(person, devices=[*others, device]).status(now, ctx.rules)
    changed = visible(after) != visible(before)

    # Skipping keeps the stored last_active_at behind by at most this much, so it is
    # also bounded by a tenth of away_after: the stored value must never make a person
    # look away while their heartbeats say they are active.
    recent = timedelta(seconds=ctx.settings.heartbeat_write_interval)
    if (
        not changed
        and existing is not None
        and existing.app_state is beat.app_state
        and now - existing.last_seen_at < recent
        and last_active_at - existing.last_active_at < min(recent, ctx.rules.away_after / 10)
    ):
        return before

    upsert_device(work.connection, work.user.id, device, beat.platform, exists=existing is not None)
    if changed:
        work.touched(work.user.id)
    return after
