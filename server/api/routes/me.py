"""The signed-in person's own availability, heartbeats, status and sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from server.api.callers import Context, Person, Professional, SignedIn
from server.api.problems import Problem
from server.api.responses import SIGNED_IN, WITH_BODY, problems
from server.api.routes.heartbeat_route import answer_heartbeat
from server.api.views import availability_out, session_out, status_out
from server.domain.availability_edit import apply_patch
from server.domain.people import load_person
from server.domain.wrap_up import end_wrap_up, extend_wrap_up
from server.store.availability import load_availability, store_availability
from server.store.sessions import active_sessions
from server.wire.schemas import (
    AvailabilityDoc,
    AvailabilityPatch,
    EffectiveStatusOut,
    HeartbeatRequest,
    HeartbeatResponse,
    SessionOut,
    WrapUpExtension,
)

router = APIRouter(prefix="/v1/me", tags=["me"])


def etag(version: int) -> str:
    return f'"{version}"'


def _matches(if_match: str, version: int) -> bool:
    candidates = [tag.strip().removeprefix("W/") for tag in if_match.split(",")]
    return "*" in candidates or etag(version) in candidates


@router.get("/availability", responses=SIGNED_IN)
def read_availability(who: Person, ctx: Context, response: Response) -> AvailabilityDoc:
    """Your availability document; its `version` is also the ETag."""
    with ctx.read(who) as work:
        stored = load_availability(work.connection, who.user_id)
    response.headers["ETag"] = etag(stored.version)
    return availability_out(stored, ctx.clock.now())


@router.patch("/availability", responses={**WITH_BODY, **problems(401, 403, 409, 412, 422)})
def edit_availability(
    body: AvailabilityPatch,
    who: Person,
    ctx: Context,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> AvailabilityDoc:
    """Change some fields. With `If-Match`, a stale version is refused with 412."""
    with ctx.work(who) as work:
        now = ctx.clock.now()
        stored = load_availability(work.connection, who.user_id, for_update=True)
        if if_match is not None and not _matches(if_match, stored.version):
            current = availability_out(stored, now)
            raise Problem(
                412,
                "Changed elsewhere",
                "Your availability was changed elsewhere since you last read it. "
                "The current version is attached; apply your change to it and try again.",
                headers={"ETag": etag(stored.version)},
                extra={"current": current.model_dump(mode="json")},
            )
        edited = apply_patch(stored, body, who.role, now)
        if edited != stored.availability:
            version = stored.version + 1
            store_availability(work.connection, who.user_id, edited, version, now)
            stored = type(stored)(edited, version, stored.override_by_name)
            work.touched(who.user_id)
    response.headers["ETag"] = etag(stored.version)
    return availability_out(stored, now)


@router.post("/wrap-up/extend", responses={**WITH_BODY, **problems(401, 403, 409, 422)})
def extend_your_wrap_up(
    who: Professional, ctx: Context, response: Response, body: WrapUpExtension | None = None
) -> AvailabilityDoc:
    """ "Extend": the wrap-up under way lasts `minutes` (default 5) longer; 409 when none is."""
    minutes = (body or WrapUpExtension()).minutes
    with ctx.work(who) as work:
        now = ctx.clock.now()
        stored = extend_wrap_up(work, who.user_id, minutes, now)
    response.headers["ETag"] = etag(stored.version)
    return availability_out(stored, now)


@router.delete("/wrap-up", responses={**SIGNED_IN, **problems(401, 403)})
def end_your_wrap_up(who: Professional, ctx: Context, response: Response) -> AvailabilityDoc:
    """ "I'm ready": the wrap-up under way ends now. With none under way, nothing changes."""
    with ctx.work(who) as work:
        now = ctx.clock.now()
        stored = end_wrap_up(work, who.user_id, now)
    response.headers["ETag"] = etag(stored.version)
    return availability_out(stored, now)


@router.post(
    "/heartbeat",
    response_model=HeartbeatResponse,
    responses={**WITH_BODY, **problems(401, 422)},
)
async def heartbeat(body: HeartbeatRequest, who: SignedIn, ctx: Context) -> Response:
    """Say that this device is running, in which state, and how long it has been idle."""

    # Answered by routes/heartbeat_route.py, first in line; this one documents it.
    return await answer_heartbeat(ctx, who, body)


@router.get("/status", responses=problems(401))
def read_status(who: SignedIn, ctx: Context) -> EffectiveStatusOut:
    """Your effective status, with the reason and when it would next change by itself."""
    with ctx.read(who) as work:
        person = load_person(work.connection, who.user_id)
    return status_out(person.status(ctx.clock.now(), ctx.rules))


@router.get("/sessions", responses=SIGNED_IN)
def read_sessions(who: Professional, ctx: Context) -> list[SessionOut]:
    """The sessions you are in now."""
    with ctx.read(who) as work:
        sessions = active_sessions(work.connection, who.user_id)
    return [session_out(s) for s in sessions]
