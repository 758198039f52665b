"""Builds the FastAPI application from settings, a clock and a database."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import Depends, FastAPI

from server import signing_keys
from server.body_limit import BodyLimit
from server.bounded_workers import BoundedWorkers
from server.clock import Clock, SystemClock
from server.domain.context import ServerContext
from server.domain.passwords import Passwords
from server.domain.tokens import AccessTokens
from server.problems import install_problem_handlers
from server.query_check import no_unknown_query_parameters
from server.routes import (
    auth_routes,
    events_routes,
    health_routes,
    me_routes,
    professionals_routes,
    sessions_routes,
)
from server.routes.responses import EVERY_OPERATION
from server.settings import Settings
from server.store.change_hub import EventHub, PostgresEventHub, SqliteEventHub, conninfo_for
from server.store.database import Database
from server.store.migrate import upgrade

log = logging.getLogger(__name__)

VERSION = "0.1.0"


def access_tokens(settings: Settings) -> AccessTokens:
    """Signed with the configured key, or with the keys file (made at the first start)."""
    ttl = timedelta(seconds=settings.access_token_ttl)
    if settings.secret_key:
        return AccessTokens(signing_keys.from_secret(settings.secret_key), ttl)
    path = settings.signing_keys_file
    return AccessTokens(
        signing_keys.load_or_create(path), ttl, reload=lambda: signing_keys.read_keys(path)
    )


def build_context(
    settings: Settings, clock: Clock | None = None, *, migrate: bool = True
) -> ServerContext:
    database = Database(settings.database_url, settings.database_busy_timeout)
    if migrate:
        upgrade(database)
    hub: EventHub = (
        SqliteEventHub(database)
        if database.is_sqlite
        else PostgresEventHub(conninfo_for(database.url))
    )
    return ServerContext(
        settings=settings,
        clock=clock or SystemClock(),
        database=database,
        hub=hub,
        passwords=Passwords(settings.argon2_time_cost, settings.argon2_memory_cost),
        access_tokens=access_tokens(settings),
        rules=settings.rules(),
        hashing=BoundedWorkers(settings.argon2_parallel),
    )


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
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, limit=context.settings.max_body_bytes)
    for module in (
        auth_routes,
        me_routes,
        events_routes,
        professionals_routes,
        sessions_routes,
        health_routes,
    ):
        app.include_router(module.router)
    return app
