"""POST /v1/me/heartbeat as a plain Starlette route: the hottest path, without FastAPI's
dependency solving, which cost a third of a heartbeat's CPU.

It answers exactly as the FastAPI route in `me.py` would (that one stays, for the API's
documentation, and is never reached): the same sign-in check, the same body validation
and problem documents, the same answer. `create_app` puts this route first.
"""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.api.callers import bearer_token, caller_of
from server.api.query_check import refuse_unknown
from server.api.views import status_out
from server.domain.context import Caller, ServerContext
from server.domain.heartbeats import heartbeat
from server.wire.schemas import HeartbeatRequest, HeartbeatResponse

PATH = "/v1/me/heartbeat"


async def answer_heartbeat(ctx: ServerContext, who: Caller, body: HeartbeatRequest) -> Response:
    # Never on the event loop: SQLite may wait for another process's write lock, and
    # PostgreSQL waits on the network.
    status = await run_in_threadpool(heartbeat, ctx, who, body)
    answer = HeartbeatResponse(
        status=status_out(status),
        heartbeat_interval=ctx.settings.heartbeat_interval,
        server_time=status.computed_at,
    )
    # Serialised once here rather than validated again by FastAPI.
    return Response(answer.model_dump_json(), media_type="application/json")


async def plain_heartbeat(request: Request) -> Response:
    ctx = request.app.state.context
    assert isinstance(ctx, ServerContext)
    refuse_unknown(request, known=set())  # it takes no query
    who = caller_of(ctx, bearer_token(request.headers.get("authorization")))
    try:
        body = HeartbeatRequest.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None
    return await answer_heartbeat(ctx, who, body)


ROUTE = Route(PATH, plain_heartbeat, methods=["POST"])
