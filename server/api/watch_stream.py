"""The stream behind GET /v1/professionals/events: watched professionals' public status.

Each watched professional is read when a commit concerns them (the hub rings for them)
or when their status or note would change by itself (`changes_at`, the note's end), and
a `presence` event goes out only if what others see of them changed.

An event's id names everything the client has been sent so far (a digest over every
watched professional's state). A client that reconnects with the id of the present
state gets nothing again; any other id gets every watched professional's state anew.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from presence import Role
from server.api.event_stream import digest, pings_until_woken
from server.api.sse import ServerSentEvent
from server.api.views import professional_out
from server.domain.context import Caller, ServerContext
from server.domain.errors import NotSignedIn
from server.domain.people import load_people
from server.store.change_hub import Subscription
from server.store.database import DatabaseBusy
from server.wire.schemas import ProfessionalStatusOut

log = logging.getLogger(__name__)


def _short(text: str) -> str:
    return digest(text, 16)


@dataclass(frozen=True)
class Watched:
    """One professional as others see them now, and when to look again unasked."""

    shown: ProfessionalStatusOut
    json: str
    digest: str
    wake_at: datetime | None


def _read(ctx: ServerContext, connection: Connection, ids: Sequence[str]) -> dict[str, Watched]:
    people = load_people(connection, ids, role=Role.PROFESSIONAL)
    now = ctx.clock.now()
    found = {}
    for person in people:
        status = person.status(now, ctx.rules)
        shown = professional_out(person, status)
        note = person.stored.availability.status_note
        upcoming = [
            t
            for t in (status.changes_at, note.expires_at if note is not None else None)
            if t is not None and t > now
        ]
        text = shown.model_dump_json()
        found[person.user.id] = Watched(shown, text, _short(text), min(upcoming, default=None))
    return found


class PresenceCache:
    """Watched professionals as others see them, read once per change for every stream
    of this process: a change rings a professional's watchers together, and the first to
    ask reads for all of them.

    The hub tells it of every ring before the streams hear it (`forget`). An entry also
    runs out at its `wake_at`. A read that a ring overtook is not kept.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reading = threading.Lock()
        self._entries: dict[str, Watched] = {}
        self._rings: dict[str, int] = {}
        self._everyone = 0

    def forget(self, ids: Iterable[str] | None) -> None:
        with self._lock:
            if ids is None:
                self._entries.clear()
                self._everyone += 1
                return
            for professional_id in ids:
                self._entries.pop(professional_id, None)
                self._rings[professional_id] = self._rings.get(professional_id, 0) + 1

    def _known(self, ids: Sequence[str], now: datetime) -> tuple[dict[str, Watched], list[str]]:
        """(the entries of `ids` still good at `now`, the ids without one); under `_lock`."""
        found = {
            k: w
            for k in ids
            if (w := self._entries.get(k)) is not None and (w.wake_at is None or now < w.wake_at)
        }
        return found, [k for k in ids if k not in found]

    def cached(self, ids: Sequence[str], now: datetime) -> dict[str, Watched] | None:
        """All of `ids` that are professionals, if every one is known; else None."""
        with self._lock:
            found, missing = self._known(ids, now)
        return None if missing else found

    def read(
        self, ctx: ServerContext, caller: Caller, ids: Sequence[str], *, check_sign_in: bool
    ) -> dict[str, Watched]:
        """The professionals among `ids`; NotSignedIn if `check_sign_in` finds it ended.

        A change wakes all its watchers at once: one of them reads while the others wait
        for that read (`_reading`), then find it here. The sign-in, when asked, is checked
        in the same transaction as the read.
        """
        if not check_sign_in:
            known = self.cached(ids, ctx.clock.now())
            if known is not None:
                return known
        with self._reading:
            with self._lock:
                found, missing = self._known(ids, ctx.clock.now())
                seen = {k: self._rings.get(k, 0) for k in missing}
                everyone = self._everyone
            if not missing and not check_sign_in:
                return found
            with ctx.read(caller if check_sign_in else None) as work:
                fresh = _read(ctx, work.connection, missing) if missing else {}
            with self._lock:
                if everyone == self._everyone:
                    for k, watched in fresh.items():
                        if self._rings.get(k, 0) == seen[k]:
                            self._entries[k] = watched
        return {**found, **fresh}


def read_watched(
    ctx: ServerContext, caller: Caller, ids: Sequence[str], cache: PresenceCache
) -> dict[str, Watched]:
    """The first read of a stream: the sign-in checked, the professionals from `cache`."""
    return cache.read(ctx, caller, ids, check_sign_in=True)


def state_id(digests: dict[str, str]) -> str:
    """The event id for a client that has been sent `digests` (id → digest)."""
    return _short(",".join(f"{k}={v}" for k, v in sorted(digests.items())))


async def stream_presence(
    ctx: ServerContext,
    caller: Caller,
    ids: Sequence[str],
    subscription: Subscription,
    first: dict[str, Watched],
    last_event_id: str | None,
    cache: PresenceCache,
) -> AsyncIterator[bytes]:
    """Sends what changed, then sleeps until a ring or the next instant something would
    change by itself, with a comment ping whenever the stream has been quiet for
    `sse_ping_interval`. It ends when the access token expires, the sign-in is revoked
    (the sign-out rings the caller's own id) or the server shuts down."""
    current = dict(first)
    sent: dict[str, str] = {}
    if last_event_id and last_event_id == state_id({k: w.digest for k, w in current.items()}):
        sent = {k: w.digest for k, w in current.items()}
    loop = asyncio.get_running_loop()
    last_sent = loop.time()
    try:
        while True:
            for professional_id in ids:
                watched = current.get(professional_id)
                if watched is None or sent.get(professional_id) == watched.digest:
                    continue
                sent[professional_id] = watched.digest
                event = ServerSentEvent(data=watched.json, event="presence", id=state_id(sent))
                yield event.encode()
                last_sent = loop.time()
            wakes = [w.wake_at for w in current.values() if w.wake_at is not None]
            deadline = min([*wakes, caller.expires_at])
            async for ping in pings_until_woken(subscription, ctx, deadline, last_sent):
                yield ping
                last_sent = loop.time()
            now = ctx.clock.now()
            if ctx.hub.closing or now >= caller.expires_at:
                return
            due = {k for k, w in current.items() if w.wake_at is not None and w.wake_at <= now}
            rung = subscription.take_rung()
            to_read = sorted((rung | due) & set(ids))
            # The caller's own id rings when they sign out (or sign in elsewhere).
            check = caller.user_id in rung
            if not to_read and not check:
                continue
            # Read by another stream already: no thread, no database.
            known = None if check else cache.cached(to_read, now)
            if known is not None:
                current.update(known)
                continue
            try:
                fresh = await run_in_threadpool(
                    partial(cache.read, check_sign_in=check), ctx, caller, to_read
                )
            except NotSignedIn:
                return  # signed out: the client finds out when it reconnects
            except (SQLAlchemyError, DatabaseBusy) as error:
                log.warning("ending a watch stream: the database failed (%s)", error)
                return
            for professional_id in to_read:
                if professional_id in fresh:
                    current[professional_id] = fresh[professional_id]
                elif professional_id in ids:
                    current.pop(professional_id, None)  # no longer a professional
    finally:
        ctx.hub.unsubscribe(subscription)
