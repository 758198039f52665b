"""When the database is busy or gone, every answer is a problem+json, and the rest goes on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from presence import Role
from server.api.app import create_app
from server.runner import ServerThread
from server.settings import Settings
from server.startup import build_context
from tests.support.api_harness import TEST_SETTINGS, Harness, assert_problem, heartbeat
from tests.support.databases import new_postgres_database
from tests.support.event_stream import WAIT, EventReader
from tests.support.waiting import wait_until

BEAT = {"device_id": "laptop", "platform": "linux", "app_state": "foreground", "idle_seconds": 0}


@contextmanager
def write_lock_held_by_another_program(database_file: str) -> Iterator[None]:
    """What `availability-server sessions start` or a backup tool does: BEGIN IMMEDIATE."""
    other = sqlite3.connect(database_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_busy_sqlite_writer_gives_503_for_writes_and_reads_go_on(tmp_path: Path) -> None:
    harness = Harness(f"sqlite:///{tmp_path / 'busy.sqlite3'}", database_busy_timeout=0.3)
    try:
        pro = harness.person(Role.PROFESSIONAL)
        other = harness.person(Role.USER)
        heartbeat(pro)
        database_file = harness.ctx.database.url.database
        assert database_file is not None
        with write_lock_held_by_another_program(database_file):
            busy = pro.http.post("/v1/me/heartbeat", json=BEAT)
            problem = assert_problem(busy, 503)
            assert busy.headers["Retry-After"] == "2"
            assert "busy" in problem["detail"]
            # Nothing waits for the writer but writes.
            assert harness.anonymous.get("/healthz").status_code == 200
            assert harness.anonymous.get("/openapi.json").status_code == 200
            assert pro.http.get("/v1/me/status").json()["status"] == "online"
            assert other.http.get(f"/v1/professionals/{pro.id}/status").status_code == 200
            assert pro.http.get("/v1/me/availability").status_code == 200
        assert pro.http.post("/v1/me/heartbeat", json=BEAT).status_code == 200
    finally:
        harness.close()


def test_a_heartbeat_waiting_for_the_lock_holds_up_no_other_request(tmp_path: Path) -> None:
    harness = Harness(f"sqlite:///{tmp_path / 'busy.sqlite3'}", database_busy_timeout=8)
    try:
        pro = harness.person(Role.PROFESSIONAL)
        database_file = harness.ctx.database.url.database
        assert database_file is not None
        with ThreadPoolExecutor(1) as pool:
            with write_lock_held_by_another_program(database_file):
                waiting = pool.submit(pro.http.post, "/v1/me/heartbeat", json=BEAT)
                wait_until(lambda: harness.ctx.database.writing, WAIT, "the heartbeat to wait")
                # Were the heartbeat waiting on the event loop, nothing would answer now.
                assert harness.anonymous.get("/openapi.json").status_code == 200
                assert pro.http.get("/v1/me/status").status_code == 200
                assert not waiting.done()
            # The lock is given back: the waiting heartbeat goes through.
            assert waiting.result().status_code == 200
    finally:
        harness.close()


@pytest.fixture
def postgres_harness(postgres: Any) -> Iterator[Harness]:
    running = Harness(new_postgres_database(postgres))
    yield running
    running.close()


@contextmanager
def database_refusing_connections(postgres: Any, harness: Harness) -> Iterator[None]:
    """No connection to the server's database is possible, existing ones are cut."""
    name = make_url(harness.settings.database_url).database
    postgres.psql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false;")
    postgres.psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid();"
    )
    try:
        yield
    finally:
        postgres.psql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true;")


@pytest.mark.postgres
def test_a_database_that_is_gone_gives_503_problems_and_recovery(
    postgres: Any, postgres_harness: Harness
) -> None:
    harness = postgres_harness
    pro = harness.person(Role.PROFESSIONAL)
    with database_refusing_connections(postgres, harness):
        for answer in (
            pro.http.post("/v1/me/heartbeat", json=BEAT),
            pro.http.get("/v1/me/status"),
            harness.sign_in(pro.user.email),
            harness.anonymous.get("/healthz"),
        ):
            assert_problem(answer, 503)
            assert answer.headers["Retry-After"] == "2"
    assert pro.http.post("/v1/me/heartbeat", json=BEAT).status_code == 200


@pytest.mark.postgres
def test_a_stream_whose_database_fails_ends_cleanly(
    postgres: Any, postgres_harness: Harness
) -> None:
    harness = postgres_harness
    pro = harness.person(Role.PROFESSIONAL)
    events = EventReader(harness.url, pro.tokens["access_token"])
    try:
        events.next("status")
        with database_refusing_connections(postgres, harness):
            harness.ctx.hub.ring([pro.id])  # as a NOTIFY from another process would
            assert events.ended()
        assert events.failure is None  # the chunked response was finished, not cut
    finally:
        events.close()


def test_a_failure_nobody_foresaw_is_a_500_problem(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    context = build_context(Settings(database_url=url, **TEST_SETTINGS))
    app = create_app(context)

    @app.get("/broken")
    def broken() -> None:
        raise RuntimeError("a bug")

    with ServerThread(app) as server:
        answer = httpx.get(f"{server.url}/broken")
    context.database.dispose()
    problem = assert_problem(answer, 500)
    assert "nothing was changed" in problem["detail"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "/v1/me/availability", "GET, PATCH"),
        ("DELETE", "/v1/me/status", "GET"),
        ("GET", "/v1/professionals/p1/override", "DELETE, PUT"),
    ],
)
def test_405_names_every_allowed_method(
    harness: Harness, method: str, path: str, allowed: str
) -> None:
    answer = harness.anonymous.request(method, path)
    assert_problem(answer, 405)
    assert answer.headers["Allow"] == allowed


def test_a_body_that_is_not_json_is_400(harness: Harness) -> None:
    pro = harness.person(Role.PROFESSIONAL)
    answer = pro.http.post(
        "/v1/me/heartbeat", content=b'{"device_id": ', headers={"Content-Type": "application/json"}
    )
    problem = assert_problem(answer, 400, "body")
    assert "not valid JSON" in problem["detail"]
