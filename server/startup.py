"""Builds the server context from settings: the database (migrated), the event hub,
password hashing and the keys that sign access tokens."""

from __future__ import annotations

from datetime import timedelta

from server import signing_keys
from server.bounded_workers import BoundedWorkers
from server.clock import Clock, SystemClock
from server.domain.context import ServerContext
from server.domain.passwords import Passwords
from server.domain.tokens import AccessTokens
from server.settings import Settings
from server.store.change_hub import EventHub, PostgresEventHub, SqliteEventHub, conninfo_for
from server.store.database import Database
from server.store.migrate import upgrade


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
