"""Anyone signed in may read professionals' status; admins may override it."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from presence import AdminOverride, Role
from server.api.callers import Admin, Context, SignedIn
from server.api.problems import FieldError, Problem, validation_problem
from server.api.responses import SIGNED_IN, STREAM_HEADERS, WITH_BODY, problems
from server.api.views import availability_out, professional_out
from server.api.watch_stream import read_watched, stream_presence
from server.domain.context import Work
from server.domain.people import load_people
from server.store.availability import load_availability, store_availability
from server.wire.schemas import (
    AvailabilityDoc,
    IdList,
    OverrideRequest,
    ProfessionalStatusOut,
    Text,
)

router = APIRouter(prefix="/v1/professionals", tags=["professionals"])

MAX_IDS = 200


def _no_such_professional(professional_id: str) -> Problem:
    return Problem(404, "Not found", f"There is no professional with id {professional_id}.")


def _wanted(ids: str) -> list[str]:
    wanted = list(dict.fromkeys(i.strip() for i in ids.split(",") if i.strip()))
    if not wanted:
        raise validation_problem([FieldError(field="ids", message="name at least one id")])
    if len(wanted) > MAX_IDS:
        raise validation_problem(
            [FieldError(field="ids", message=f"at most {MAX_IDS} ids at a time")]
        )
    return wanted


@router.get("/status", responses=problems(401, 422))
def read_many(
    who: SignedIn,
    ctx: Context,
    ids: Annotated[IdList, Query()],
) -> list[ProfessionalStatusOut]:
    """The status of up to 200 professionals; unknown ids are left out."""
    wanted = _wanted(ids)
    with ctx.read(who) as work:
        people = load_people(work.connection, wanted, role=Role.PROFESSIONAL)
    now = ctx.clock.now()
    return [professional_out(p, p.status(now, ctx.rules)) for p in people]


_WATCH_DOC = {
    200: {
        "description": (
            "A text/event-stream of `presence` events (the public status, with the status "
            "note), each with an id to send back as Last-Event-ID, and a comment ping every "
            "15 s."
        ),
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "string",
                    "description": (
                        "Server-sent events (the WHATWG EventSource format): `event: presence`, "
                        "`id:` and one `data:` line of JSON; lines starting with `:` are pings."
                    ),
                    "example": (
                        'event: presence\nid: 5be3a1c09d2f4e77\ndata: {"id": "…", "status": '
                        '"busy", "status_note": {"text": "Back at 14:00", ...}, ...}\n\n'
                    ),
                },
                "x-sse-events": {
                    "presence": {"$ref": "#/components/schemas/ProfessionalStatusOut"}
                },
            }
        },
    },
    **problems(401, 422, 429),
}


@router.get("/events", response_class=StreamingResponse, responses=_WATCH_DOC)
async def watch(
    request: Request,
    who: SignedIn,
    ctx: Context,
    ids: Annotated[IdList, Query()],
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> StreamingResponse:
    """Watch up to 200 professionals: their status and note now, then each change as it
    happens (and when it comes by itself). Unknown ids are left out."""
    wanted = _wanted(ids)
    cache = request.app.state.presence
    limit = ctx.settings.max_streams_per_account
    if ctx.hub.subscriber_count(who.user_id, kind="watch") >= limit:
        raise Problem(
            429,
            "Too many streams",
            f"This account watches with {limit} streams already, the most allowed. "
            "Close one and try again.",
            headers={"Retry-After": "30"},
        )
    # Subscribed before the first read, so no change falls between the two; the
    # caller's own id too, so that signing out ends the stream.
    subscription = ctx.hub.subscribe(*wanted, who.user_id, owner=who.user_id, kind="watch")
    try:
        first = await run_in_threadpool(read_watched, ctx, who, wanted, cache)
    except BaseException:
        ctx.hub.unsubscribe(subscription)
        raise
    return StreamingResponse(
        stream_presence(ctx, who, wanted, subscription, first, last_event_id, cache),
        media_type="text/event-stream",
        headers=STREAM_HEADERS,
    )


@router.get("/{professional_id}/status", responses=problems(401, 404, 422))
def read_one(professional_id: Text, who: SignedIn, ctx: Context) -> ProfessionalStatusOut:
    """One professional's status, as the platform shows it to clients."""
    with ctx.read(who) as work:
        people = load_people(work.connection, [professional_id], role=Role.PROFESSIONAL)
    if not people:
        raise _no_such_professional(professional_id)
    return professional_out(people[0], people[0].status(ctx.clock.now(), ctx.rules))


def _change_override(
    work: Work, ctx: Context, professional_id: str, override: AdminOverride | None
) -> AvailabilityDoc:
    if not load_people(work.connection, [professional_id], role=Role.PROFESSIONAL):
        raise _no_such_professional(professional_id)
    now = ctx.clock.now()
    stored = load_availability(work.connection, professional_id, for_update=True)
    edited = dataclasses.replace(stored.availability, admin_override=override)
    if edited != stored.availability:
        store_availability(work.connection, professional_id, edited, stored.version + 1, now)
        work.touched(professional_id)
    return availability_out(load_availability(work.connection, professional_id), now)


@router.put("/{professional_id}/override", responses={**WITH_BODY, **SIGNED_IN, **problems(404)})
def set_override(
    professional_id: Text, body: OverrideRequest, who: Admin, ctx: Context
) -> AvailabilityDoc:
    """Set a professional's status until `until` (or until cleared), whatever they chose."""
    if body.until is not None and body.until <= ctx.clock.now():
        raise validation_problem([FieldError(field="until", message="must be in the future")])
    override = AdminOverride(body.status, body.until, body.note, set_by=who.user_id)
    with ctx.work(who) as work:
        return _change_override(work, ctx, professional_id, override)


@router.delete("/{professional_id}/override", responses={**SIGNED_IN, **problems(404)})
def clear_override(professional_id: Text, who: Admin, ctx: Context) -> AvailabilityDoc:
    """Clear the override; the professional's own choice applies again."""
    with ctx.work(who) as work:
        return _change_override(work, ctx, professional_id, None)
