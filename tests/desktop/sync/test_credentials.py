"""Sign-in, token refresh ahead of expiry and after a 401, revocation, and the keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import keyring
import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.api import StatusApi
from desktop.sync.credentials import KEYRING_SERVICE, Credentials
from desktop.sync.errors import SignedOut
from desktop.wording import sync_messages
from presence import EffectiveStatus, Role, Status
from tests.support.api_harness import PASSWORD, Harness
from tests.support.clocks import ManualClock
from tests.support.waiting import WAIT_MS


@pytest.fixture
def short_lived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    """A server whose access tokens last 100 s."""
    path = tmp_path_factory.mktemp("short") / "availability.sqlite3"
    running = Harness(f"sqlite:///{path}", access_token_ttl=100)
    yield running
    running.close()


@pytest.fixture
def api(short_lived: Harness) -> Iterator[StatusApi]:
    client = StatusApi(short_lived.url)
    yield client
    client.close()


def stored(memory: MemoryKeyring, api: StatusApi) -> str | None:
    return memory.passwords.get((KEYRING_SERVICE, api.base_url))


def test_sign_in_keeps_only_the_refresh_token_in_the_keyring(
    api: StatusApi, short_lived: Harness, memory_keyring: MemoryKeyring
) -> None:
    user = short_lived.add_user(Role.PROFESSIONAL)
    credentials = Credentials(api, keyring_backend=memory_keyring)
    assert credentials.sign_in(user.email, PASSWORD).email == user.email
    token, _ = credentials.access_token()
    assert list(memory_keyring.passwords.values()) == [stored(memory_keyring, api)]
    assert token not in memory_keyring.passwords.values()
    assert credentials.authorized(api.status).status is Status.OFFLINE

    again = Credentials(api, keyring_backend=memory_keyring)
    assert again.restore() == credentials.user  # a restart signs in from the keyring


def test_the_token_is_refreshed_before_it_expires(
    api: StatusApi, short_lived: Harness, memory_keyring: MemoryKeyring
) -> None:
    user = short_lived.add_user(Role.PROFESSIONAL)
    clock = ManualClock()
    credentials = Credentials(api, keyring_backend=memory_keyring, clock=clock)
    credentials.sign_in(user.email, PASSWORD)
    first, _ = credentials.access_token()
    first_refresh = stored(memory_keyring, api)
    clock.now += 79
    assert credentials.access_token()[0] == first
    clock.now += 2  # past 80 % of 100 s
    short_lived.clock.advance(timedelta(seconds=81))
    second, _ = credentials.access_token()
    assert second != first
    assert stored(memory_keyring, api) not in (None, first_refresh)
    short_lived.clock.advance(timedelta(seconds=30))  # the first token has expired by now
    assert credentials.authorized(api.status).preference is Status.ONLINE


def test_a_401_refreshes_and_retries_once(
    api: StatusApi, short_lived: Harness, memory_keyring: MemoryKeyring
) -> None:
    user = short_lived.add_user(Role.PROFESSIONAL)
    credentials = Credentials(api, keyring_backend=memory_keyring, clock=ManualClock())
    credentials.sign_in(user.email, PASSWORD)
    first, _ = credentials.access_token()
    short_lived.clock.advance(timedelta(seconds=101))  # the server says it expired
    assert credentials.authorized(api.status).preference is Status.ONLINE
    assert credentials.access_token()[0] != first


def test_a_reused_refresh_token_signs_out_with_a_reason(
    qtbot: QtBot, api: StatusApi, short_lived: Harness, memory_keyring: MemoryKeyring
) -> None:
    user = short_lived.add_user(Role.PROFESSIONAL)
    clock = ManualClock()
    credentials = Credentials(api, keyring_backend=memory_keyring, clock=clock)
    credentials.sign_in(user.email, PASSWORD)
    stolen = stored(memory_keyring, api)
    assert stolen is not None
    api.refresh(stolen)  # someone else rotates it first
    clock.now += 90
    with (
        qtbot.waitSignal(credentials.signed_out, timeout=WAIT_MS) as signal,
        pytest.raises(SignedOut),
    ):
        credentials.authorized(api.status)
    assert "used from two places" in signal.args[0]
    assert stored(memory_keyring, api) is None
    with pytest.raises(SignedOut):
        credentials.access_token()


def test_with_no_keyring_the_sign_in_lasts_this_run_and_says_so_once(
    qtbot: QtBot, api: StatusApi, short_lived: Harness
) -> None:
    user = short_lived.add_user(Role.PROFESSIONAL)
    previous = keyring.get_keyring()
    # keyring ships py.typed, but KeyringBackend.__init__ has no annotations (keyring 25.7).
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        clock = ManualClock()
        credentials = Credentials(api, clock=clock)
        notices: list[str] = []
        credentials.notice.connect(notices.append)
        credentials.sign_in(user.email, PASSWORD)
        clock.now += 90
        short_lived.clock.advance(timedelta(seconds=90))
        assert credentials.authorized(api.status).preference is Status.ONLINE  # refreshed in memory
        assert credentials.restore() is None
        qtbot.waitUntil(lambda: notices == [sync_messages.no_keyring()], timeout=WAIT_MS)
    finally:
        keyring.set_keyring(previous)


def test_a_call_for_one_account_never_gets_another_accounts_token(
    api: StatusApi, short_lived: Harness, memory_keyring: MemoryKeyring
) -> None:
    first = short_lived.add_user(Role.PROFESSIONAL)
    second = short_lived.add_user(Role.PROFESSIONAL)
    credentials = Credentials(api, keyring_backend=memory_keyring, clock=ManualClock())
    credentials.sign_in(first.email, PASSWORD)
    tokens: list[str] = []

    def call(token: str) -> EffectiveStatus:
        tokens.append(token)
        if len(tokens) == 1:  # meanwhile the first person signs out and another signs in
            api.logout(token)
            credentials.sign_in(second.email, PASSWORD)
        return api.status(token)

    with pytest.raises(SignedOut):
        credentials.authorized(call, user_id=first.id)  # a 401, and no retry as the other
    assert len(tokens) == 1
    with pytest.raises(SignedOut):
        credentials.access_token(first.id)
    assert credentials.authorized(api.status, user_id=second.id).status is Status.OFFLINE
