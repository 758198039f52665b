"""A password store that keeps passwords in memory, for local mode and for tests.

Local mode signs in afresh at every start (the embedded server makes a new password),
so its refresh token has no reason to outlive the process. A plain class rather than a
`keyring` backend, so that local mode never imports `keyring`.
"""

from __future__ import annotations


class MemoryKeyring:
    """A PasswordStore (desktop.sync.password_store) that keeps passwords in a dict."""

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)
