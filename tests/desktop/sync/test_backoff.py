"""The outbox and the event stream back off exponentially, with jitter, up to 60 s.

Nothing here waits: the schedule is read from the wait strategy, or noted by a pause
function handed to the worker in place of the real wait.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tenacity import RetryCallState, Retrying

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.api import StatusApi
from desktop.sync.backoff import MAX_BACKOFF, backoff
from desktop.sync.credentials import Credentials
from desktop.sync.events import EventStream
from desktop.sync.outbox import Outbox
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.waiting import WAIT_MS

ATTEMPTS = 10  # 1, 2, 4, 8, 16, 32, then the cap


def bounds(attempt: int, first: float) -> tuple[float, float]:
    """The shortest and the longest wait allowed after failed attempt `attempt`."""
    exponential = first * 2 ** (attempt - 1)
    return min(exponential, MAX_BACKOFF), min(exponential + first, MAX_BACKOFF)


def assert_backs_off(waits: list[float], first: float) -> None:
    for attempt, wait in enumerate(waits, start=1):
        low, high = bounds(attempt, first)
        assert low <= wait <= high, (attempt, wait)
    assert waits == sorted(waits)  # they grow,
    assert waits[-3:] == [MAX_BACKOFF] * 3  # and stop growing at 60 s


def test_the_wait_doubles_with_jitter_up_to_a_cap_of_60_s() -> None:
    strategy = backoff(1.0)
    state = RetryCallState(Retrying(), None, (), {})
    for attempt in range(1, 40):
        state.attempt_number = attempt
        waits = [strategy(state) for _ in range(50)]
        low, high = bounds(attempt, 1.0)
        assert all(low <= wait <= high for wait in waits), attempt
        if high < MAX_BACKOFF:
            assert len(set(waits)) > 1, "no jitter"  # clients do not come back in step
    state.attempt_number = 10_000  # far past the cap, where 2 ** n overflows a float
    assert strategy(state) == MAX_BACKOFF


class Pauses:
    """Stands in for the worker's wait: notes each one and returns at once, until `enough`.

    Then it holds the worker until the test lets go, so nothing spins meanwhile.
    """

    def __init__(self, enough: int = ATTEMPTS) -> None:
        self.seconds: list[float] = []
        self._enough = enough
        self.full = threading.Event()
        self.release = threading.Event()

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        if len(self.seconds) >= self._enough:
            self.full.set()
            self.release.wait()


@pytest.fixture
def signed_in_while_down(
    server: Harness, professional: User, memory_keyring: MemoryKeyring
) -> Iterator[tuple[StatusApi, Credentials]]:
    """A sign-in made while the server was up; then the server goes away."""
    api = StatusApi(server.url, attempts=1)
    credentials = Credentials(api, keyring_backend=memory_keyring)
    credentials.sign_in(professional.email, PASSWORD)
    server.server.stop()
    yield api, credentials
    api.close()


def test_the_outbox_backs_off_up_to_60_s_while_the_server_is_down(
    qtbot: QtBot, signed_in_while_down: tuple[StatusApi, Credentials], tmp_path: Path
) -> None:
    api, credentials = signed_in_while_down
    pauses = Pauses()
    outbox = Outbox(api, credentials, tmp_path, first_backoff=1.0, pause=pauses)
    try:
        outbox.edit({"max_concurrent_sessions": 4})
        qtbot.waitUntil(pauses.full.is_set, timeout=WAIT_MS)
    finally:
        pauses.release.set()
        outbox.close()
    assert_backs_off(pauses.seconds, first=1.0)
    assert outbox.pending() == {"max_concurrent_sessions": 4}  # still kept


def test_the_event_stream_backs_off_up_to_60_s_while_the_server_is_down(
    qtbot: QtBot, signed_in_while_down: tuple[StatusApi, Credentials]
) -> None:
    api, credentials = signed_in_while_down
    pauses = Pauses()
    stream = EventStream(api, credentials, first_backoff=0.5, pause=pauses)
    try:
        stream.start()
        qtbot.waitUntil(pauses.full.is_set, timeout=WAIT_MS)
    finally:
        pauses.release.set()
        stream.close()
    assert_backs_off(pauses.seconds, first=0.5)
