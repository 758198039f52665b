"""The outbox against the real server: If-Match, the 412 merge, refusals and faults."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.api import StatusApi
from desktop.sync.credentials import Credentials
from desktop.sync.outbox import Outbox
from desktop.sync.outbox_files import OutboxFiles
from presence import Role
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.sync_clients import other_client, read_availability
from tests.support.waiting import WAIT_MS

Fault = Callable[[httpx.Request, httpx.Response], httpx.Response | None]


class FaultyTransport(httpx.BaseTransport):
    """The real server over loopback, with the first few answers replaced by `fault`'s."""

    def __init__(self, fault: Fault, times: int) -> None:
        self._real = httpx.HTTPTransport()
        self._fault = fault
        self.left = times

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._real.handle_request(request)
        if request.method == "PATCH" and self.left > 0:
            self.left -= 1
            response.read()
            response.close()
            replaced = self._fault(request, response)
            if replaced is not None:
                return replaced
        return response

    def close(self) -> None:
        self._real.close()


@pytest.fixture
def make_outbox(
    tmp_path: Path, server: Harness, memory_keyring: MemoryKeyring, professional: User
) -> Iterator[Callable[..., Outbox]]:
    made: list[tuple[Outbox, StatusApi]] = []

    def make(transport: httpx.BaseTransport | None = None) -> Outbox:
        client = httpx.Client(transport=transport) if transport is not None else None
        api = StatusApi(server.url, client)
        credentials = Credentials(api, keyring_backend=memory_keyring)
        credentials.sign_in(professional.email, PASSWORD)
        outbox = Outbox(api, credentials, tmp_path / "data", first_backoff=0.05)
        outbox.on_server_document(credentials.authorized(api.availability)[0])
        made.append((outbox, api))
        return outbox

    yield make
    for outbox, api in made:
        outbox.close()
        api.close()


def test_the_local_edit_wins_for_a_field_changed_only_here(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    outbox = make_outbox()
    phone = other_client(server, professional)
    assert phone.patch("/v1/me/availability", json={"preference": "busy"}).status_code == 200
    with (
        qtbot.assertNotEmitted(outbox.edit_lost),
        qtbot.waitSignal(
            outbox.pending_changed, timeout=WAIT_MS, check_params_cb=lambda pending: not pending
        ),
    ):
        outbox.edit({"quiet_hours": {"start": "21:00"}})  # sent with the stale If-Match
    document = read_availability(server, professional)
    assert document["preference"] == "busy"
    assert document["quiet_hours"]["start"] == "21:00"


def test_the_server_wins_for_a_field_changed_elsewhere_and_the_person_is_told(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    outbox = make_outbox()
    phone = other_client(server, professional)
    phone.patch("/v1/me/availability", json={"max_concurrent_sessions": 2})
    with qtbot.waitSignal(outbox.edit_lost, timeout=WAIT_MS) as lost:
        outbox.edit({"max_concurrent_sessions": 5, "online_availability": False})
    field, message = lost.args
    assert field == "max_concurrent_sessions"
    assert "changed elsewhere to 2" in message
    qtbot.waitUntil(lambda: outbox.pending() == {}, timeout=WAIT_MS)
    document = read_availability(server, professional)
    assert document["max_concurrent_sessions"] == 2
    assert document["online_availability"] is False


def test_an_invalid_edit_is_dropped_and_the_field_named(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    outbox = make_outbox()
    with qtbot.waitSignal(outbox.edit_rejected, timeout=WAIT_MS) as rejected:
        outbox.edit({"quiet_hours": {"timezone": "Mars/Olympus"}})
    assert rejected.args[0] == "quiet_hours.timezone"
    assert rejected.args[1]
    assert outbox.pending() == {}
    assert read_availability(server, professional)["quiet_hours"]["timezone"] == "UTC"


def test_server_errors_are_retried_until_the_edit_arrives(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    transport = FaultyTransport(lambda _q, _r: httpx.Response(500, text="oops"), times=3)
    outbox = make_outbox(transport)
    with qtbot.waitSignal(
        outbox.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.max_concurrent_sessions == 6,
    ):
        outbox.edit({"max_concurrent_sessions": 6})
    assert transport.left == 0
    assert read_availability(server, professional)["max_concurrent_sessions"] == 6


def test_a_garbled_answer_is_checked_again_and_not_reported_as_lost(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    def garbled(_request: httpx.Request, response: httpx.Response) -> httpx.Response:
        return httpx.Response(response.status_code, text="{not json")  # the edit did apply

    outbox = make_outbox(FaultyTransport(garbled, times=1))
    with qtbot.assertNotEmitted(outbox.edit_lost), qtbot.assertNotEmitted(outbox.edit_rejected):
        outbox.edit({"in_person_availability": True})
        qtbot.waitUntil(lambda: outbox.pending() == {}, timeout=WAIT_MS)
    assert read_availability(server, professional)["in_person_availability"] is True


def test_edits_wait_on_disk_coalesced_and_a_new_outbox_sends_them(
    qtbot: QtBot,
    tmp_path: Path,
    server: Harness,
    professional: User,
    memory_keyring: MemoryKeyring,
) -> None:
    api = StatusApi(server.url, attempts=1)
    credentials = Credentials(api, keyring_backend=memory_keyring)
    credentials.sign_in(professional.email, PASSWORD)
    port = server.take_down()
    offline = Outbox(api, credentials, tmp_path / "data", first_backoff=0.05)
    offline.edit({"max_concurrent_sessions": 6})
    offline.edit({"max_concurrent_sessions": 7, "quiet_hours": {"enabled": True}})
    offline.close()
    path = OutboxFiles(tmp_path / "data", api.base_url).path(professional.id)
    saved: dict[str, Any] = json.loads(path.read_text())
    assert saved["owner"] == {"server": api.base_url, "user_id": professional.id}
    assert {p: e["value"] for p, e in saved["pending"].items()} == {
        "max_concurrent_sessions": 7,
        "quiet_hours.enabled": True,
    }

    server.restart_on(port)
    restarted = Outbox(api, credentials, tmp_path / "data", first_backoff=0.05)
    try:
        qtbot.waitUntil(lambda: restarted.pending() == {}, timeout=WAIT_MS)
    finally:
        restarted.close()
        api.close()
    document = read_availability(server, professional)
    assert document["max_concurrent_sessions"] == 7
    assert document["quiet_hours"]["enabled"] is True


LATER = "2026-11-23T11:00:00Z"  # an hour after the test server's clock starts
LATER_STILL = "2026-11-23T12:00:00Z"


def test_a_status_choice_changed_elsewhere_is_never_half_taken(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    outbox = make_outbox()
    phone = other_client(server, professional)
    assert phone.patch("/v1/me/availability", json={"preference": "offline"}).status_code == 200
    with qtbot.waitSignal(outbox.edit_lost, timeout=WAIT_MS) as lost:
        outbox.edit({"preference": "busy", "preference_expires_at": LATER})
    assert lost.args[0] == "preference"
    qtbot.waitUntil(lambda: outbox.pending() == {}, timeout=WAIT_MS)
    document = read_availability(server, professional)
    # Not "offline for an hour": the phone's choice stands whole.
    assert (document["preference"], document["preference_expires_at"]) == ("offline", None)


def test_a_new_expiry_goes_with_the_preference_it_was_made_for(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    phone = other_client(server, professional)
    busy = {"preference": "busy", "preference_expires_at": LATER}
    assert phone.patch("/v1/me/availability", json=busy).status_code == 200
    outbox = make_outbox()
    offline = {"preference": "offline", "preference_expires_at": LATER}
    assert phone.patch("/v1/me/availability", json=offline).status_code == 200
    with qtbot.waitSignal(outbox.edit_lost, timeout=WAIT_MS) as lost:
        outbox.edit({"preference_expires_at": LATER_STILL})  # "busy for longer"
    assert lost.args[0] == "preference"
    qtbot.waitUntil(lambda: outbox.pending() == {}, timeout=WAIT_MS)
    document = read_availability(server, professional)
    assert (document["preference"], document["preference_expires_at"]) == ("offline", LATER)

    with qtbot.waitSignal(
        outbox.availability_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda d: d.preference_expires_at == datetime.fromisoformat(LATER_STILL),
    ):
        outbox.edit({"preference_expires_at": LATER_STILL})  # now "offline for longer"
    assert read_availability(server, professional)["preference"] == "offline"


def test_an_admin_override_refuses_only_the_status_and_the_rest_is_saved(
    qtbot: QtBot, make_outbox: Callable[..., Outbox], server: Harness, professional: User
) -> None:
    admin = server.person(Role.ADMIN, name="Dana Admin")
    override = {"status": "busy", "note": "Covering the front desk"}
    response = admin.http.put(f"/v1/professionals/{professional.id}/override", json=override)
    assert response.status_code == 200, response.text
    outbox = make_outbox()
    rejected: list[tuple[str, str]] = []
    outbox.edit_rejected.connect(lambda field, message: rejected.append((field, message)))
    with qtbot.assertNotEmitted(outbox.edit_lost):
        outbox.edit(
            {
                "preference": "away",
                "preference_expires_at": LATER,
                "max_concurrent_sessions": 5,
                "in_person_availability": True,
                "quiet_hours": {"enabled": True, "start": "21:00"},
            }
        )
        qtbot.waitUntil(lambda: outbox.pending() == {}, timeout=WAIT_MS)
    [(field, message)] = rejected
    assert field == "preference"
    assert "Dana Admin set your status to busy" in message
    document = read_availability(server, professional)
    assert (document["preference"], document["preference_expires_at"]) == ("online", None)
    assert document["max_concurrent_sessions"] == 5
    assert document["in_person_availability"] is True
    assert (document["quiet_hours"]["enabled"], document["quiet_hours"]["start"]) == (True, "21:00")
    assert document["admin_override"]["status"] == "busy"
