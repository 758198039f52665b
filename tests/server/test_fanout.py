"""Two server processes on one PostgreSQL database both deliver every change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from presence import Role
from tests.support.api_harness import Harness, token_from
from tests.support.databases import new_postgres_database
from tests.support.event_stream import EventReader
from tests.support.server_process import ServerProcess

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url(postgres: Any) -> str:
    return new_postgres_database(postgres)


@pytest.fixture
def harness(postgres_url: str) -> Iterator[Harness]:
    running = Harness(postgres_url)
    yield running
    running.close()


@pytest.fixture
def second_process(postgres_url: str, harness: Harness, tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(postgres_url, tmp_path).start()
    yield process
    process.stop()


def test_a_change_through_either_process_reaches_streams_on_both(
    harness: Harness, second_process: ServerProcess
) -> None:
    pro = harness.person(Role.PROFESSIONAL)
    remote_token = token_from(second_process.url, pro)
    on_first = EventReader(harness.url, pro.tokens["access_token"])
    on_second = EventReader(second_process.url, remote_token)
    try:
        on_first.next("status")
        on_second.next("status")

        pro.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 7})
        assert on_second.next("availability").data["max_concurrent_sessions"] == 7
        assert on_first.next("availability").data["max_concurrent_sessions"] == 7

        with httpx.Client(
            base_url=second_process.url, headers={"Authorization": f"Bearer {remote_token}"}
        ) as remote:
            remote.patch("/v1/me/availability", json={"preference": "busy"})
        assert on_first.next("availability").data["preference"] == "busy"
        assert on_second.next("availability").data["preference"] == "busy"
    finally:
        on_first.close()
        on_second.close()


def test_watchers_on_either_process_see_a_change_made_through_the_other(
    harness: Harness, second_process: ServerProcess
) -> None:
    pro = harness.person(Role.PROFESSIONAL)
    client = harness.person(Role.USER)
    path = f"/v1/professionals/events?ids={pro.user.id}"
    on_first = EventReader(harness.url, client.tokens["access_token"], path=path)
    on_second = EventReader(second_process.url, token_from(second_process.url, client), path=path)
    try:
        on_first.next("presence")
        on_second.next("presence")
        pro.http.patch("/v1/me/availability", json={"status_note": {"text": "Back at 14:00"}})
        for reader in (on_second, on_first):
            assert reader.next("presence").data["status_note"]["text"] == "Back at 14:00"
    finally:
        on_first.close()
        on_second.close()
