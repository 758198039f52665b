"""The stream behind GET /v1/me/events: what to send, and when to look again."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from sse_starlette import ServerSentEvent
from starlette.concurrency import run_in_threadpool

from presence import Role
from server.clock import Clock
from server.context import Caller, ServerContext
from server.events import Subscription
from server.heartbeats import visible
from server.people import load_person
from server.schemas import AvailabilityDoc, EffectiveStatusOut
from server.views import availability_out, status_out

HAS_AVAILABILITY = frozenset({Role.PROFESSIONAL, Role.USER})


@dataclass(frozen=True)
class Snapshot:
    status: EffectiveStatusOut
    fingerprint: str
    availability: AvailabilityDoc | None
    version: int

    @property
    def event_id(self) -> str:
        """Names the state a client has seen, so a reconnect can skip what it knows."""
        return f"{self.version}-{self.fingerprint}"


def read_snapshot(ctx: ServerContext, caller: Caller) -> Snapshot:
    with ctx.work(caller) as work:
        person = load_person(work.connection, caller.user_id)
    now = ctx.clock.now()
    status = person.status(now, ctx.rules)
    digest = hashlib.sha256(json.dumps([str(v) for v in visible(status)]).encode()).hexdigest()
    document = None
    if caller.role in HAS_AVAILABILITY:
        document = availability_out(person.stored, now)
    return Snapshot(status_out(status), digest[:12], document, person.stored.version)


def parse_event_id(last_event_id: str | None) -> tuple[int | None, str | None]:
    if not last_event_id:
        return None, None
    version, _, fingerprint = last_event_id.partition("-")
    return (int(version) if version.isdigit() else None), (fingerprint or None)


def events_for(
    snapshot: Snapshot, seen_version: int | None, seen_fingerprint: str | None
) -> list[ServerSentEvent]:
    found = []
    if snapshot.availability is not None and snapshot.version != seen_version:
        found.append(
            ServerSentEvent(
                data=snapshot.availability.model_dump_json(),
                event="availability",
                id=snapshot.event_id,
            )
        )
    if snapshot.fingerprint != seen_fingerprint:
        found.append(
            ServerSentEvent(
                data=snapshot.status.model_dump_json(), event="status", id=snapshot.event_id
            )
        )
    return found


async def _until_rung_or(subscription: Subscription, clock: Clock, deadline: datetime) -> None:
    waits = [
        asyncio.ensure_future(subscription.wait()),
        asyncio.ensure_future(clock.sleep_until(deadline)),
    ]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()


async def stream_events(
    ctx: ServerContext,
    caller: Caller,
    subscription: Subscription,
    first: Snapshot,
    last_event_id: str | None,
) -> AsyncIterator[ServerSentEvent]:
    """Sends what changed, then sleeps until a change is rung or `changes_at` comes.

    The stream ends when the access token expires or the sign-in is revoked; the
    client reconnects with a fresh token and `Last-Event-ID`.
    """
    seen_version, seen_fingerprint = parse_event_id(last_event_id)
    snapshot = first
    try:
        while True:
            for event in events_for(snapshot, seen_version, seen_fingerprint):
                yield event
            seen_version, seen_fingerprint = snapshot.version, snapshot.fingerprint
            changes_at = snapshot.status.changes_at
            deadline = min(changes_at, caller.expires_at) if changes_at else caller.expires_at
            await _until_rung_or(subscription, ctx.clock, deadline)
            if ctx.clock.now() >= caller.expires_at:
                return
            snapshot = await run_in_threadpool(read_snapshot, ctx, caller)
    finally:
        ctx.hub.unsubscribe(subscription)
