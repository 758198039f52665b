"""The server in a thread of this process on loopback, and people signed in to it over HTTP."""

from __future__ import annotations

import functools
import itertools
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

import httpx
from sqlalchemy.engine import make_url

from presence import Role
from server.api.app import create_app
from server.clock import ManualClock
from server.domain.context import ServerContext
from server.runner import ServerThread
from server.settings import Settings
from server.startup import build_context
from server.store.users import User, create_user

# A Monday, so that weekday-dependent rules read naturally in tests.
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


class HarnessSettings(TypedDict):
    """The settings every test server shares; typed, so that `Settings(**TEST_SETTINGS)` checks."""

    argon2_time_cost: int
    argon2_memory_cost: int
    access_token_ttl: float


# Cheap hashing, and access tokens that outlive the hours tests move the clock by.
TEST_SETTINGS: HarnessSettings = {
    "argon2_time_cost": 1,
    "argon2_memory_cost": 64,
    "access_token_ttl": 86400,
}

_numbers = itertools.count(1)


@dataclass
class Person:
    user: User
    http: httpx.Client
    tokens: dict[str, Any]

    @property
    def id(self) -> str:
        return self.user.id


@functools.cache
def _migrated_sqlite() -> bytes:
    """A SQLite database the migrations have brought to head, once per process."""
    with tempfile.TemporaryDirectory(prefix="availability-template-") as folder:
        path = Path(folder) / "template.sqlite3"
        settings = Settings(database_url=f"sqlite:///{path}", **TEST_SETTINGS)
        build_context(settings).database.dispose()
        # serialize() includes what the WAL still holds.
        with sqlite3.connect(path) as connection:
            return connection.serialize()


def start_from_migrated_copy(database_url: str) -> None:
    """Make a SQLite database that is not there yet a copy of one migrated to head.

    Migrating takes longer than most tests; the server finds the copy current and leaves
    it. A file in a folder that is not there yet is left to the server, which creates
    both owner-only.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return
    path = Path(url.database)
    if path.exists() or not path.parent.is_dir():
        return
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as copy:
        copy.write(_migrated_sqlite())


class Harness:
    def __init__(self, database_url: str, **settings: Any) -> None:
        start_from_migrated_copy(database_url)
        self.clock = ManualClock(START)
        self.settings = Settings(database_url=database_url, **{**TEST_SETTINGS, **settings})
        self.ctx: ServerContext = build_context(self.settings, self.clock)
        self.server = ServerThread(create_app(self.ctx)).start()
        self.url = self.server.url
        self.anonymous = httpx.Client(base_url=self.url, timeout=10)
        self._clients: list[httpx.Client] = [self.anonymous]

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self.server.stop()
        self.ctx.database.dispose()

    def take_down(self) -> int:
        """Stop the server, as a crash would; its port, for `restart_on`."""
        port: int = self.server.port
        self.server.stop()
        return port

    def restart_on(self, port: int) -> None:
        """A new server on the same database and port, as after a crash."""
        self.ctx.database.dispose()
        self.ctx = build_context(self.settings, self.clock)
        self.server = ServerThread(create_app(self.ctx), port=port).start()

    def add_user(self, role: Role, *, email: str | None = None, name: str | None = None) -> User:
        number = next(_numbers)
        with self.ctx.work(None) as work:
            return create_user(
                work.connection,
                email=email or f"{role.value}{number}@example.com",
                display_name=name or f"{role.value.title()} {number}",
                role=role,
                password_hash=self.ctx.passwords.hash(PASSWORD),
                now=self.clock.now(),
            )

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        return self.anonymous.post(
            "/v1/auth/token", json={"grant_type": "password", "email": email, "password": password}
        )

    def client(self, access_token: str) -> httpx.Client:
        client = httpx.Client(
            base_url=self.url, timeout=10, headers={"Authorization": f"Bearer {access_token}"}
        )
        self._clients.append(client)
        return client

    def signed_in_again(self, person: Person) -> Person:
        """The same person with fresh tokens, for after the clock has moved far."""
        response = self.sign_in(person.user.email)
        assert response.status_code == 200, response.text
        tokens = response.json()
        return Person(person.user, self.client(tokens["access_token"]), tokens)

    def person(self, role: Role, **kwargs: Any) -> Person:
        user = self.add_user(role, **kwargs)
        response = self.sign_in(user.email)
        assert response.status_code == 200, response.text
        tokens = response.json()
        return Person(user, self.client(tokens["access_token"]), tokens)


def token_from(url: str, person: Person) -> str:
    """An access token for `person` from the server at `url` (another process, say)."""
    response = httpx.post(
        f"{url}/v1/auth/token",
        json={"grant_type": "password", "email": person.user.email, "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def refresh(harness: Harness, token: str) -> httpx.Response:
    """The refresh-token grant with `token`, unauthenticated."""
    return harness.anonymous.post(
        "/v1/auth/token", json={"grant_type": "refresh_token", "refresh_token": token}
    )


def heartbeat(
    person: Person,
    *,
    device_id: str = "laptop",
    app_state: str = "foreground",
    idle_seconds: float | None = 0,
    signals: dict[str, Any] | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "device_id": device_id,
        "platform": "linux",
        "app_state": app_state,
        "idle_seconds": idle_seconds,
    }
    if signals is not None:
        request["signals"] = signals
    response = person.http.post("/v1/me/heartbeat", json=request)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(
    response: httpx.Response, status: int, field: str | None = None
) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status`, naming `field` if given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body
