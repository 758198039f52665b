"""Where the refresh token is kept: any password store, and the OS keyring as one.

Local mode keeps its tokens in memory, so the `keyring` package, which costs megabytes
at import, is imported only once the OS keyring is really used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


class PasswordStoreError(Exception):
    """The store cannot be used: there is no keyring, or it is locked or broken."""


class PasswordStore(Protocol):
    """Passwords by service and user name. Deleting one that is not there is no error."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


class SystemKeyring:
    """The OS keyring that `keyring` picks, asked afresh at each call, or `backend`.

    Its failures, and RuntimeError (which some backends raise when there is no
    keyring at all), become PasswordStoreError.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._chosen = backend

    def get_password(self, service: str, username: str) -> str | None:
        with _failures_as_store_errors():
            return self._backend().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        with _failures_as_store_errors():
            self._backend().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        with _failures_as_store_errors(), contextlib.suppress(PasswordDeleteError):
            self._backend().delete_password(service, username)

    def writes_plain_text(self) -> bool:
        """Whether the chosen backend keeps passwords in a plain file (as keyrings.alt's do)."""
        backend = self._backend()
        name = f"{type(backend).__module__}.{type(backend).__qualname__}".lower()
        return "plaintext" in name or "keyrings.alt" in name

    def _backend(self) -> KeyringBackend:
        if self._chosen is not None:
            return self._chosen
        import keyring

        return keyring.get_keyring()


@contextlib.contextmanager
def _failures_as_store_errors() -> Iterator[None]:
    from keyring.errors import KeyringError

    try:
        yield
    except (KeyringError, RuntimeError) as error:
        # Only the kind of failure: the message is logged, and a backend's may say anything.
        raise PasswordStoreError(type(error).__name__) from error
