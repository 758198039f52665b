"""The OS keyring as a password store: its failures become PasswordStoreError."""

from __future__ import annotations

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from desktop.memory_keyring import MemoryKeyring
from desktop.sync.password_store import PasswordStore, PasswordStoreError, SystemKeyring


class NothingStored(KeyringBackend):
    """A keyring that holds no password; below `fail`, so keyring never picks it itself."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("no such password")


class PlaintextKeyring(NothingStored):
    """Named like keyrings.alt's backend that writes passwords to a file."""


def test_every_failure_of_the_os_keyring_is_a_password_store_error() -> None:
    store = SystemKeyring(fail.Keyring())  # type: ignore[no-untyped-call]
    with pytest.raises(PasswordStoreError, match="NoKeyringError"):
        store.get_password("availability", "https://a.example")
    with pytest.raises(PasswordStoreError, match="NoKeyringError"):
        store.set_password("availability", "https://a.example", "token")
    with pytest.raises(PasswordStoreError, match="NoKeyringError"):
        store.delete_password("availability", "https://a.example")


@pytest.mark.parametrize(
    "store", [SystemKeyring(NothingStored()), MemoryKeyring()], ids=["system", "memory"]
)
def test_deleting_a_password_that_is_not_there_is_no_error(store: PasswordStore) -> None:
    store.delete_password("availability", "https://a.example")
    assert store.get_password("availability", "https://a.example") is None


def test_a_keyring_that_writes_a_plain_file_is_recognised() -> None:
    assert SystemKeyring(PlaintextKeyring()).writes_plain_text()
    assert not SystemKeyring(NothingStored()).writes_plain_text()
