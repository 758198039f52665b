"""GET /v1/me/events: server-sent events of status and availability."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.api.callers import Context, SignedIn
from server.api.event_stream import read_snapshot, stream_events
from server.api.problems import Problem
from server.api.responses import STREAM_HEADERS, problems

router = APIRouter(prefix="/v1/me", tags=["me"])


_STREAM_DOC = {
    200: {
        "description": (
            "A text/event-stream of `status` (EffectiveStatus) and `availability` events, "
            "each with an id to send back as Last-Event-ID, and a comment ping every 15 s."
        ),
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "string",
                    "description": (
                        "Server-sent events (the WHATWG EventSource format). Each event has "
                        "`event:` (status or availability), `id:` and one `data:` line of "
                        "JSON, as named in x-sse-events; lines starting with `:` are pings."
                    ),
                    "example": (
                        'event: status\nid: 3f2a9c1d0b7e-9a8b7c6d5e4f\ndata: {"status": '
                        '"online", "reason": "active", ...}\n\n: ping\n\n'
                    ),
                },
                "x-sse-events": {
                    "status": {"$ref": "#/components/schemas/EffectiveStatusOut"},
                    "availability": {"$ref": "#/components/schemas/AvailabilityDoc"},
                },
            }
        },
    },
    **problems(401, 422, 429),
}


@router.get("/events", response_class=StreamingResponse, responses=_STREAM_DOC)
async def events(
    who: SignedIn,
    ctx: Context,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> StreamingResponse:
    """Subscribe to your status. Sends the current state first, unless Last-Event-ID has it."""
    limit = ctx.settings.max_streams_per_account
    if ctx.hub.subscriber_count(who.user_id) >= limit:
        raise Problem(
            429,
            "Too many streams",
            f"This account has {limit} event streams open already, the most allowed. "
            "Close one (quit an app or a browser tab) and try again.",
            headers={"Retry-After": "30"},
        )
    # Subscribe before the first read, so that no change can fall between the two.
    subscription = ctx.hub.subscribe(who.user_id)
    try:
        first = await run_in_threadpool(read_snapshot, ctx, who)
    except BaseException:
        ctx.hub.unsubscribe(subscription)
        raise
    return StreamingResponse(
        stream_events(ctx, who, subscription, first, last_event_id),
        media_type="text/event-stream",
        headers=STREAM_HEADERS,
    )
