"""The FastAPI application: problem handlers, limits, and the routes, around a server context."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from server.api.body_limit import BodyLimit
from server.api.problem_handlers import install_problem_handlers
from server.api.query_check import no_unknown_query_parameters
from server.api.responses import EVERY_OPERATION
from server.api.routes import auth, events, health, heartbeat_route, me, professionals, sessions
from server.api.watch_stream import PresenceCache
from server.domain.context import ServerContext

VERSION = "0.1.0"


def create_app(context: ServerContext) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        context.hub.start()
        try:
            yield
        finally:
            context.hub.stop()

    app = FastAPI(
        title="Availability status API",
        version=VERSION,
        description=(
            "Whether a professional can take a session right now: automatic status from "
            "activity, the professional's choice on top, capacity and quiet hours. "
            "Errors are application/problem+json (RFC 9457)."
        ),
        lifespan=lifespan,
        responses=EVERY_OPERATION,
        dependencies=[Depends(no_unknown_query_parameters)],
    )
    app.state.context = context
    # One read per change for every watch stream of this process (watch_stream.py).
    app.state.presence = PresenceCache()
    context.hub.on_ring(app.state.presence.forget)
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, limit=context.settings.max_body_bytes)
    app.router.routes.append(heartbeat_route.ROUTE)  # first: see heartbeat_route.py
    for module in (auth, me, events, professionals, sessions, health):
        app.include_router(module.router)
    return app
