"""The stream behind GET /v1/me/events: what to send, and when to look again."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from presence import Role
from server.api.sse import PING, ServerSentEvent
from server.api.views import availability_out, status_out
from server.clock import Clock
from server.domain.context import Caller, ServerContext
from server.domain.errors import NotSignedIn
from server.domain.heartbeats import visible
from server.domain.people import load_person
from server.store.change_hub import Subscription
from server.store.database import DatabaseBusy
from server.wire.schemas import AvailabilityDoc, EffectiveStatusOut

log = logging.getLogger(__name__)

HAS_AVAILABILITY = frozenset({Role.PROFESSIONAL, Role.USER})


def digest(text: str, length: int = 12) -> str:
    """A short name for a state a client has seen, for event ids."""
    return hashlib.sha256(text.encode()).hexdigest()[:length]


@dataclass(frozen=True)
class Snapshot:
    """What a stream last sent, and when it must look again even if nothing is rung."""

    status: EffectiveStatusOut
    status_digest: str
    availability: AvailabilityDoc | None
    availability_digest: str
    wake_at: datetime | None

    @property
    def event_id(self) -> str:
        """Names the state a client has seen, so a reconnect can skip what it knows."""
        return f"{self.availability_digest}-{self.status_digest}"


def read_snapshot(ctx: ServerContext, caller: Caller) -> Snapshot:
    with ctx.read(caller) as work:
        person = load_person(work.connection, caller.user_id)
    now = ctx.clock.now()
    status = person.status(now, ctx.rules)
    document = None
    if caller.role in HAS_AVAILABILITY:
        document = availability_out(person.stored, now)
    # The document reads differently once a preference, an override or a note runs out, even
    # when the status does not change then: wake for those instants too.
    availability = person.stored.availability
    override = availability.admin_override
    note = availability.status_note
    instants = [
        status.changes_at,
        availability.preference_expires_at,
        override.until if override is not None else None,
        note.expires_at if note is not None else None,
        availability.wrap_up_until,
    ]
    upcoming = [t for t in instants if t is not None and t > now]
    return Snapshot(
        status=status_out(status),
        status_digest=digest(json.dumps([str(v) for v in visible(status)])),
        availability=document,
        availability_digest=digest(document.model_dump_json()) if document else "-",
        wake_at=min(upcoming, default=None),
    )


def parse_event_id(last_event_id: str | None) -> tuple[str | None, str | None]:
    if not last_event_id:
        return None, None
    availability, _, status = last_event_id.partition("-")
    return availability or None, status or None


def events_for(
    snapshot: Snapshot, seen_availability: str | None, seen_status: str | None
) -> list[ServerSentEvent]:
    found = []
    if snapshot.availability is not None and snapshot.availability_digest != seen_availability:
        found.append(
            ServerSentEvent(
                data=snapshot.availability.model_dump_json(),
                event="availability",
                id=snapshot.event_id,
            )
        )
    if snapshot.status_digest != seen_status:
        found.append(
            ServerSentEvent(
                data=snapshot.status.model_dump_json(), event="status", id=snapshot.event_id
            )
        )
    return found


async def woken(
    subscription: Subscription, clock: Clock, deadline: datetime, timeout: float
) -> bool:
    """True once the subscription rings or `deadline` comes; False after `timeout`
    seconds of neither."""
    waits = [
        asyncio.ensure_future(subscription.wait()),
        asyncio.ensure_future(clock.sleep_until(deadline)),
    ]
    try:
        done, _ = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
    return bool(done)


async def pings_until_woken(
    subscription: Subscription,
    ctx: ServerContext,
    deadline: datetime,
    last_sent: float,
) -> AsyncIterator[bytes]:
    """A comment ping whenever `sse_ping_interval` seconds pass without a byte sent
    (`last_sent`, the loop's time, then each ping); it ends once the subscription rings
    or `deadline` comes.

    The ping counts from the last bytes sent, not from the last wake-up: rings that
    change nothing (another process's commit, say) must not starve it.
    """
    loop = asyncio.get_running_loop()
    ping_every = ctx.settings.sse_ping_interval
    while True:
        quiet = loop.time() - last_sent
        if quiet >= ping_every:
            yield PING
            last_sent = loop.time()
        elif await woken(subscription, ctx.clock, deadline, ping_every - quiet):
            return


async def stream_events(
    ctx: ServerContext,
    caller: Caller,
    subscription: Subscription,
    first: Snapshot,
    last_event_id: str | None,
) -> AsyncIterator[bytes]:
    """Sends what changed, then sleeps until a change is rung or `changes_at` comes,
    with a comment ping whenever `sse_ping_interval` seconds pass without a byte sent.

    The stream ends when the access token expires, the sign-in is revoked, or the
    server shuts down; the client reconnects with a fresh token and `Last-Event-ID`.
    Nothing here polls: an idle stream costs one timer per ping.
    """
    seen_availability, seen_status = parse_event_id(last_event_id)
    snapshot = first
    loop = asyncio.get_running_loop()
    last_sent = loop.time()
    try:
        while True:
            for event in events_for(snapshot, seen_availability, seen_status):
                yield event.encode()
                last_sent = loop.time()
            seen_availability, seen_status = snapshot.availability_digest, snapshot.status_digest
            wake_at = snapshot.wake_at
            deadline = min(wake_at, caller.expires_at) if wake_at else caller.expires_at
            async for ping in pings_until_woken(subscription, ctx, deadline, last_sent):
                yield ping
                last_sent = loop.time()
            if ctx.hub.closing or ctx.clock.now() >= caller.expires_at:
                return
            try:
                snapshot = await run_in_threadpool(read_snapshot, ctx, caller)
            except NotSignedIn:
                return  # signed out: the client finds out when it reconnects
            except (SQLAlchemyError, DatabaseBusy) as error:
                # End cleanly rather than mid-chunk; the client reconnects and resumes
                # with Last-Event-ID once the database answers again.
                log.warning("ending an event stream: the database failed (%s)", error)
                return
    finally:
        ctx.hub.unsubscribe(subscription)
