"""The platform's service account starts and ends sessions."""

from __future__ import annotations

from fastapi import APIRouter

from server.api.callers import Context, Service
from server.api.problems import Problem
from server.api.responses import SIGNED_IN, WITH_BODY, problems
from server.api.views import session_out
from server.domain.session_start import start_checked_session
from server.domain.wrap_up import end_session_with_wrap_up
from server.store.sessions import session_by_id
from server.wire.schemas import SessionOut, SessionStart, Text

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])


@router.post("", status_code=201, responses={**WITH_BODY, **SIGNED_IN, **problems(404, 409)})
def start(body: SessionStart, who: Service, ctx: Context) -> SessionOut:
    """Start a session. At capacity, or in a mode switched off, 409 unless `force`."""
    with ctx.work(who) as work:
        session = start_checked_session(
            work, ctx.clock.now(), body.professional_id, body.mode, force=body.force
        )
    return session_out(session)


@router.post("/{session_id}/end", responses={**SIGNED_IN, **problems(404)})
def end(session_id: Text, who: Service, ctx: Context) -> SessionOut:
    """End a session. Ending one that has already ended answers the same, 200.

    With none left running, the professional's wrap-up (`wrap_up_minutes`) starts."""
    with ctx.work(who) as work:
        session = session_by_id(work.connection, session_id)
        if session is None:
            raise Problem(404, "Not found", f"There is no session with id {session_id}.")
        if session.ended_at is None:
            session = end_session_with_wrap_up(work, session, ctx.clock.now())
    return session_out(session)
