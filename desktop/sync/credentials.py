"""The sign-in: the refresh token in the OS keyring, the access token in memory only."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.sync.api import StatusApi
from desktop.sync.errors import ApiError, SignedOut
from desktop.sync.password_store import PasswordStore, PasswordStoreError, SystemKeyring
from desktop.wording import sync_messages
from presence.documents import TokenGrant, UserInfo

log = logging.getLogger(__name__)

T = TypeVar("T")

KEYRING_SERVICE = "availability"


@dataclass
class _Session:
    user: UserInfo
    access_token: str
    refresh_token: str
    obtained_at: float
    expires_in: float
    generation: int


class Credentials(QObject):
    """Signs in, keeps tokens fresh, and says when the sign-in has ended. Thread-safe.

    Two locks, so that the UI thread never waits on the network: `_lock` guards the
    session and is only ever held for a few assignments; `_account_io` serialises what
    talks to the server or the keyring about the account (sign-in, refresh, sign-out),
    and only worker threads take it. The refresh runs outside `_lock`; its result is
    kept only if the session it refreshed is still the current one (httpx's auth flows
    work the same way).

    Signals:
        signed_out(str): the sign-in ended; the text asks the person to sign in again.
        notice(str): something to tell the person once, such as a missing keyring.
    """

    signed_out = Signal(str)
    notice = Signal(str)

    def __init__(
        self,
        api: StatusApi,
        *,
        keyring_backend: PasswordStore | None = None,
        clock: Callable[[], float] = time.monotonic,
        refresh_at: float = 0.8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._keyring = keyring_backend
        self._clock = clock
        self._refresh_at = refresh_at
        self._lock = threading.Lock()
        self._account_io = threading.RLock()
        self._session: _Session | None = None
        self._generation = 0
        self._keyring_usable = True

    @property
    def user(self) -> UserInfo | None:
        """Who is signed in; never waits on the network (the UI thread asks this)."""
        with self._lock:
            return None if self._session is None else self._session.user

    # --- signing in and out (worker threads) ------------------------------------------

    def sign_in(self, email: str, password: str) -> UserInfo:
        """Sign in with a password (blocking). Raises ApiError with a detail to show."""
        grant = self._api.sign_in(email, password)
        with self._account_io:
            self._take(grant)
        return grant.user

    def restore(self) -> UserInfo | None:
        """Sign in again with the refresh token kept in the keyring, if there is one."""
        with self._account_io:
            stored = self._read_keyring()
            if stored is None:
                return None
            try:
                grant = self._api.refresh(stored)
            except ApiError as error:
                if error.transient:
                    raise
                self._end(None, error.detail)
                return None
            self._take(grant)
            return grant.user

    def sign_out(self, device_id: str | None = None) -> None:
        """Revoke the sign-in on the server (best effort) and forget it here."""
        with self._lock:
            session = self._session
            self._session = None
            self._generation += 1
        # Said at once; a refresh still in flight finds its session gone and drops its result.
        self.signed_out.emit(sync_messages.you_signed_out())
        with self._account_io:
            self._delete_keyring()
        if session is not None:
            try:
                self._api.logout(session.access_token, device_id)
            except ApiError as error:
                log.info("The server did not confirm the sign-out: %s", error.detail)

    # --- using the access token (worker threads) --------------------------------------

    def access_token(self, user_id: str | None = None) -> tuple[str, int]:
        """A current access token and its generation; refreshed ahead of expiry.

        With `user_id`, only that account's: while someone else is signed in, SignedOut.
        """
        session = self._current(user_id)
        age = self._clock() - session.obtained_at
        if age >= self._refresh_at * session.expires_in:
            try:
                session = self._refresh(session.generation, user_id)
            except ApiError as error:
                # The old token may still be good for a while; try it.
                if isinstance(error, SignedOut) or not error.transient:
                    raise
                if age >= session.expires_in:
                    raise
                log.info("Could not refresh the sign-in yet: %s", error.detail)
        return session.access_token, session.generation

    def after_unauthorized(self, generation: int) -> None:
        """A 401 came back for a token of `generation`: refresh unless that happened already."""
        self._current(None)
        self._refresh(generation, None)

    def authorized(self, call: Callable[[str], T], *, user_id: str | None = None) -> T:
        """Run `call(access_token)`, refreshing and retrying once after a 401.

        With `user_id`, `call` only ever gets a token of that account (see `access_token`).
        """
        token, generation = self.access_token(user_id)
        try:
            return call(token)
        except ApiError as error:
            if error.status != 401 or isinstance(error, SignedOut):
                raise
        self.after_unauthorized(generation)
        token, _ = self.access_token(user_id)
        return call(token)

    # --- internals --------------------------------------------------------------------

    def _current(self, user_id: str | None) -> _Session:
        with self._lock:
            session = self._session
        if session is None:
            raise SignedOut(sync_messages.not_signed_in())
        if user_id is not None and session.user.id != user_id:
            raise SignedOut(sync_messages.someone_else_signed_in())
        return session

    def _refresh(self, generation: int, user_id: str | None) -> _Session:
        """The session after refreshing `generation`'s tokens, unless another thread did.

        One refresh at a time (`_account_io`); `_lock` is not held while it waits.
        """
        with self._account_io:
            session = self._current(user_id)
            if session.generation != generation:
                return session  # refreshed (or replaced) while this thread waited
            try:
                grant = self._api.refresh(session.refresh_token)
            except ApiError as error:
                if error.status in (400, 401, 403, 422):
                    reason = error.detail or sync_messages.sign_in_again()
                    self._end(generation, reason)
                    raise SignedOut(reason) from error
                raise
            if not self._take(grant, replacing=generation):
                raise SignedOut(sync_messages.sign_in_again())
            return self._current(user_id)

    def _take(self, grant: TokenGrant, *, replacing: int | None = None) -> bool:
        """Keep `grant` as the session (with `_account_io` held).

        With `replacing`, only if that generation is still current: a sign-out while
        the refresh was on its way wins, and the grant is dropped.
        """
        with self._lock:
            if replacing is not None and (
                self._session is None or self._session.generation != replacing
            ):
                return False
            self._generation += 1
            self._session = _Session(
                user=grant.user,
                access_token=grant.access_token,
                refresh_token=grant.refresh_token,
                obtained_at=self._clock(),
                expires_in=float(grant.expires_in),
                generation=self._generation,
            )
        self._write_keyring(grant.refresh_token)
        log.debug("Signed in; the access token lasts %s s", grant.expires_in)
        return True

    def _end(self, generation: int | None, reason: str) -> None:
        """The sign-in was refused (with `_account_io` held); forget it and say so."""
        with self._lock:
            if generation is not None and (
                self._session is None or self._session.generation != generation
            ):
                return
            self._session = None
            self._generation += 1
        self._delete_keyring()
        log.info("The sign-in ended: %s", reason)
        self.signed_out.emit(reason)

    # --- the keyring ------------------------------------------------------------------

    def _backend(self) -> PasswordStore:
        return self._keyring if self._keyring is not None else SystemKeyring()

    def _keyring_failed(self, error: PasswordStoreError) -> None:
        if self._keyring_usable:
            self._keyring_usable = False
            log.warning("No usable keyring (%s); the sign-in lasts for this run only", error)
            self.notice.emit(sync_messages.no_keyring())

    def _read_keyring(self) -> str | None:
        try:
            return self._backend().get_password(KEYRING_SERVICE, self._api.base_url)
        except PasswordStoreError as error:
            self._keyring_failed(error)
            return None

    def _write_keyring(self, refresh_token: str) -> None:
        if not self._keyring_usable:
            return
        try:
            self._backend().set_password(KEYRING_SERVICE, self._api.base_url, refresh_token)
        except PasswordStoreError as error:
            self._keyring_failed(error)

    def _delete_keyring(self) -> None:
        if not self._keyring_usable:
            return
        try:
            self._backend().delete_password(KEYRING_SERVICE, self._api.base_url)
        except PasswordStoreError as error:
            self._keyring_failed(error)
