"""Limits on body size, event streams and devices, and first heartbeats that race."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
from sqlalchemy import select

from presence import Role
from server.store import tables
from tests.support.api_harness import Harness, assert_problem, heartbeat
from tests.support.concurrent_calls import all_at_once
from tests.support.event_stream import WAIT, EventReader
from tests.support.waiting import wait_until


def test_a_body_over_the_limit_is_413_before_anything_reads_it(harness: Harness) -> None:
    pro = harness.person(Role.PROFESSIONAL)
    limit = harness.settings.max_body_bytes
    note = "x" * (limit + 1)
    # Declared with Content-Length, even without a token.
    answer = harness.anonymous.put("/v1/professionals/p/override", json={"note": note})
    problem = assert_problem(answer, 413)
    assert str(limit) in problem["detail"]

    def chunks() -> Iterator[bytes]:
        yield b'{"max_concurrent_sessions": 2, "pad": "'
        for _ in range(limit // 1000 + 1):
            yield b"y" * 1000
        yield b'"}'

    chunked = pro.http.patch(
        "/v1/me/availability", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_problem(chunked, 413)
    assert pro.http.get("/v1/me/availability").json()["max_concurrent_sessions"] == 3


def test_streams_per_account_are_limited(database_url: str) -> None:
    harness = Harness(database_url, max_streams_per_account=2)
    pro = harness.person(Role.PROFESSIONAL)
    token = pro.tokens["access_token"]
    readers = [EventReader(harness.url, token) for _ in range(2)]
    try:
        for reader in readers:
            reader.next("status")
        refused = harness.client(token).get("/v1/me/events")
        problem = assert_problem(refused, 429)
        assert "2 event streams" in problem["detail"]
        # Another account is not affected.
        other = harness.person(Role.PROFESSIONAL)
        another = EventReader(harness.url, other.tokens["access_token"])
        another.next("status")
        another.close()
        readers.pop().close()
        wait_until(lambda: harness.ctx.hub.subscriber_count(pro.id) == 1, WAIT, "a stream to end")
        readers.append(EventReader(harness.url, token))
        readers[-1].next("status")
    finally:
        for reader in readers:
            reader.close()
        harness.close()


def test_a_new_device_beyond_the_cap_replaces_the_oldest_stopped_one(database_url: str) -> None:
    harness = Harness(database_url, max_devices_per_account=3)
    try:
        pro = harness.person(Role.PROFESSIONAL)
        for name in ("old", "phone", "laptop"):
            heartbeat(pro, device_id=name)
        refused = pro.http.post(
            "/v1/me/heartbeat",
            json={"device_id": "new", "platform": "linux", "app_state": "foreground"},
        )
        problem = assert_problem(refused, 409)
        assert "3 devices running" in problem["detail"]
        # "old" stops; the others go on.
        harness.clock.advance(timedelta(seconds=60))
        heartbeat(pro, device_id="phone")
        heartbeat(pro, device_id="laptop")
        harness.clock.advance(timedelta(seconds=harness.settings.liveness_timeout - 30))
        heartbeat(pro, device_id="phone")
        heartbeat(pro, device_id="laptop")
        assert heartbeat(pro, device_id="new")["status"]["status"] == "online"
        with harness.ctx.database.read() as connection:
            names = connection.execute(
                select(tables.devices.c.device_id).where(tables.devices.c.user_id == pro.id)
            ).scalars()
            assert sorted(names) == ["laptop", "new", "phone"]
    finally:
        harness.close()


def test_first_heartbeats_of_one_device_that_race_all_succeed(harness: Harness) -> None:
    for round_number in range(5):
        pro = harness.person(Role.PROFESSIONAL)
        headers = {"Authorization": f"Bearer {pro.tokens['access_token']}"}

        def beat(client: httpx.Client, number: int, headers: dict[str, str] = headers) -> int:
            body = {"device_id": "fresh", "platform": "linux", "app_state": "foreground"}
            answer = client.post(
                "/v1/me/heartbeat", json={**body, "idle_seconds": number}, headers=headers
            )
            return answer.status_code

        assert all_at_once(20, beat, harness.url) == [200] * 20, round_number
