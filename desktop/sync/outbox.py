"""The outbox: availability edits kept on disk until the server has them.

Each account (server and user id) has a file of its own, and an edit is only ever sent
with a token of the account that made it: when someone else signs in on this machine,
the edit waits until its owner signs in again.

Sent with If-Match by a worker (`desktop.sync.worker`). A 412 is merged field by field
(see `merge`). A 409 means an admin override holds: only the status choice is refused, and the rest
goes. Another refusal (422, 403) drops what it names, or else the edit, and says why.
A network failure keeps the edit and tries again with exponential backoff and jitter,
capped at 60 s.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Qt, Signal
from tenacity import Retrying, retry_if_exception

from desktop.sync.api import StatusApi
from desktop.sync.backoff import MAX_BACKOFF, backoff
from desktop.sync.connection import SyncProblem
from desktop.sync.credentials import Credentials
from desktop.sync.errors import ApiError, SignedOut
from desktop.sync.merge import (
    PREFERENCE,
    PendingField,
    add_edit,
    complete_units,
    flatten,
    in_units,
    merge,
    overlay,
    pending_from,
    unflatten,
    unit_of,
)
from desktop.sync.outbox_files import OutboxFiles, Queued
from desktop.sync.worker import Worker
from desktop.wording import sync_messages
from presence.documents import (
    AvailabilityChanges,
    AvailabilityDocument,
    DocumentError,
    JsonObject,
    availability_json,
    read_availability,
)

log = logging.getLogger(__name__)


# The worker's key for "send what is pending": one such job waits at most.
SEND = "send"


def _transient(error: BaseException) -> bool:
    return isinstance(error, ApiError) and error.transient and not isinstance(error, SignedOut)


class Outbox(QObject):
    """Queues one account's availability edits on disk and sends them, merged per field.

    Signals:
        availability_changed(AvailabilityDocument): the server's, after an edit reached it.
        edit_lost(str, str): a field whose edit lost to a change made elsewhere (for the
            status choice, "preference"); a message.
        edit_rejected(str, str): a field the server refused; its explanation.
        pending_changed(bool): whether edits are waiting to be sent.
        connection_changed(SyncProblem | None): None when the last attempt was answered,
            else what went wrong.
        unreadable(str): an outbox file could not be read, so its edits were not sent;
            for the person, with where the file is kept. Queued, so that one found while
            the outbox is made still reaches whoever connects to it right after.
    """

    availability_changed = Signal(object)
    edit_lost = Signal(str, str)
    edit_rejected = Signal(str, str)
    pending_changed = Signal(bool)
    connection_changed = Signal(object)
    unreadable = Signal(str)
    _found_unreadable = Signal(str)

    def __init__(
        self,
        api: StatusApi,
        credentials: Credentials,
        data_dir: Path,
        *,
        first_backoff: float = 1.0,
        max_backoff: float = MAX_BACKOFF,
        pause: Callable[[float], None] | None = None,
        server_key: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`pause(seconds)` replaces the wait between attempts (which a new edit cuts short);
        `server_key` names the server in the files (default: the API's base URL)."""
        super().__init__(parent)
        self._api = api
        self._credentials = credentials
        self._found_unreadable.connect(self.unreadable, Qt.ConnectionType.QueuedConnection)
        self._files = OutboxFiles(data_dir, server_key or api.base_url, self._found_unreadable.emit)
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._pause = pause or self._wait_for_wake
        self._lock = threading.Lock()
        self._account: str | None = None
        self._account_generation = 0
        self._known: JsonObject | None = None
        self._base_version: int | None = None
        self._pending: dict[str, PendingField] = {}
        user = credentials.user
        self._open(user.id if user is not None else self._files.last_account())
        if user is not None:
            self._files.remember(self._account)
        self._worker = Worker("outbox")
        if self._pending:
            self._send_soon()

    # --- any thread -------------------------------------------------------------------

    @property
    def account(self) -> str | None:
        """The user id whose edits this outbox holds and sends, if any."""
        with self._lock:
            return self._account

    def use_account(self, user_id: str | None) -> None:
        """From now on hold and send `user_id`'s edits (after a sign-in), or nobody's.

        The previous account's edits stay in its own file until it signs in again.
        """
        with self._lock:
            if user_id == self._account:
                return
            self._open(user_id)
            self._files.remember(user_id)
            pending = bool(self._pending)
        self.pending_changed.emit(pending)
        if pending:
            self._send_soon()

    def edit(self, changes: AvailabilityChanges) -> None:
        """Queue a partial update, shaped like the PATCH body. Later edits of a field win.

        The edit belongs to the account signed in, or about to be restored. With neither,
        it is refused (edit_rejected): there would be nobody to send it as.
        """
        user = self._credentials.user
        if user is not None and self.account is None:
            self.use_account(user.id)
        with self._lock:
            account = self._account
            if account is not None:
                if not self._pending:
                    self._base_version = _version(self._known)
                add_edit(self._pending, self._known, changes)
                self._save()
        if account is None:
            for paths in in_units(flatten(changes)):
                self.edit_rejected.emit(unit_of(paths[0])[0], sync_messages.sign_in_first())
            return
        self.pending_changed.emit(True)
        self._send_soon()

    def on_server_document(self, document: AvailabilityDocument) -> None:
        """The server's current document arrived (a read or an event); pending edits stay."""
        with self._lock:
            if self._account is None:
                return
            self._known = availability_json(document)
            if not self._pending:
                self._base_version = None
            self._save()

    def on_reachable(self) -> None:
        """The server answers again: send now instead of waiting out the backoff."""
        self._send_soon()

    def pending(self) -> JsonObject:
        """The pending edits, as a PATCH body."""
        with self._lock:
            return unflatten({path: edit.value for path, edit in self._pending.items()})

    def local_view(self) -> AvailabilityDocument | None:
        """The document the person should see: the server's, with pending edits on top.

        None before the server's document is known.
        """
        with self._lock:
            if self._known is None:
                return None
            view = overlay(self._known, self._pending)
        try:
            return read_availability(view)
        except DocumentError as error:  # an edit the server will refuse: show its document
            log.info("A pending edit does not fit the document (%s)", error)
            return read_availability(self._known)

    def shut_down(self) -> None:
        """Tell the worker to end; returns at once (a request in flight may finish)."""
        self._worker.shut_down()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker (never on the UI thread); whether it has ended."""
        return self._worker.join(timeout)

    def close(self) -> None:
        self.shut_down()
        self.join(15)

    # --- the files (with the lock held) -----------------------------------------------

    def _open(self, account: str | None) -> None:
        """Switch to `account`'s edits, as its file holds them."""
        queued = Queued() if account is None else self._files.load(account)
        self._account = account
        self._account_generation += 1
        self._known = queued.known
        self._base_version = queued.base_version
        self._pending = queued.pending

    def _save(self) -> None:
        if self._account is not None:
            queued = Queued(self._known, self._base_version, self._pending)
            self._files.save(self._account, queued)

    # --- worker thread ----------------------------------------------------------------

    def _send_soon(self) -> None:
        """Send what is pending now; a wait before a retry is cut short."""
        self._worker.submit(self._send_all, key=SEND)

    def _send_all(self) -> None:
        try:
            self._send_until_empty()
        except SignedOut:
            log.info("The outbox waits for a sign-in")
        except ApiError as error:
            log.info("The outbox stopped: %s", error.detail)

    def _wait_for_wake(self, seconds: float) -> None:
        """Back off, but wake early for a new edit, the server's return, or closing."""
        log.debug("The outbox tries again in %.1f s", seconds)
        self._worker.pause(seconds)

    def _send_until_empty(self) -> None:
        retrying = Retrying(
            retry=retry_if_exception(_transient),
            wait=backoff(self._first_backoff, self._max_backoff),
            stop=lambda _state: self._worker.closing,
            sleep=self._pause,
            reraise=True,
        )
        while not self._worker.closing:
            with self._lock:
                if not self._pending:
                    break
            for attempt in retrying:
                with attempt:
                    self._send_once()
        with self._lock:
            empty = not self._pending
        if empty:
            self.pending_changed.emit(False)

    def _send_once(self) -> None:
        with self._lock:
            sent = {path: edit.value for path, edit in self._pending.items()}
            version = self._base_version
            account = self._account
            generation = self._account_generation
        if not sent or account is None:
            return
        if_match = None if version is None else f'"{version}"'
        try:
            document, _etag = self._credentials.authorized(
                lambda token: self._api.edit_availability(
                    token, cast(AvailabilityChanges, unflatten(sent)), if_match
                ),
                user_id=account,
            )
        except ApiError as error:
            if error.transient:
                self.connection_changed.emit(error.problem or SyncProblem.UNREACHABLE)
                raise
            if isinstance(error, SignedOut):
                raise
            self.connection_changed.emit(None)
            if error.status == 412:
                self._merge(error, account, generation)
            elif error.status == 409 and any(path in PREFERENCE for path in sent):
                # An admin override holds. The server refuses a PATCH that names the status
                # and stores nothing, so the rest of the edit goes again without it.
                refused = {path: error.detail for path in sent if path in PREFERENCE}
                self._refuse(sent, refused, generation)
            else:
                self._refuse(sent, _named(sent, error), generation)
            return
        self.connection_changed.emit(None)
        self._applied(sent, document, generation)

    def _applied(self, sent: JsonObject, typed: AvailabilityDocument, generation: int) -> None:
        document = availability_json(typed)
        with self._lock:
            if generation != self._account_generation:
                return  # sent for an account that has signed out since; its file still has it
            self._known = document
            for path, value in sent.items():
                edit = self._pending.get(path)
                if edit is None:
                    continue
                if edit.value == value:
                    del self._pending[path]
                else:  # edited again while this was in flight; our own write is its base
                    self._pending[path] = pending_from(document, path, edit.value)
            complete_units(self._pending, document)
            self._base_version = typed.version if self._pending else None
            self._save()
        self.availability_changed.emit(typed)

    def _merge(self, error: ApiError, account: str, generation: int) -> None:
        try:
            typed = read_availability((error.body or {}).get("current"))
        except DocumentError:
            typed = self._credentials.authorized(self._api.availability, user_id=account)[0]
        current = availability_json(typed)
        with self._lock:
            if generation != self._account_generation:
                return
            self._pending, lost = merge(self._pending, current)
            self._known = current
            self._base_version = typed.version if self._pending else None
            self._save()
        now = datetime.now().astimezone()
        for each in lost:
            log.info("An edit of %s lost to a change made elsewhere", each.field)
            self.edit_lost.emit(
                each.field, sync_messages.lost_edit(each.field, each.theirs, each.mine, now)
            )
        self.availability_changed.emit(typed)

    def _refuse(self, sent: JsonObject, refused: dict[str, str], generation: int) -> None:
        """Drop the `refused` fields (path: why), with the rest of their units, and say why.

        A unit goes whole: a refused expiry must not leave its preference to last forever.
        """
        dropped = {other for path in refused for other in unit_of(path) if other in sent}
        with self._lock:
            if generation != self._account_generation:
                return
            for path in dropped:
                edit = self._pending.get(path)
                if edit is not None and edit.value == sent[path]:
                    del self._pending[path]
            complete_units(self._pending, self._known)  # a part edited again meanwhile
            if not self._pending:
                self._base_version = None
            self._save()
        for paths in in_units(refused):
            for message in dict.fromkeys(refused[path] for path in paths):
                named = [path for path in paths if refused[path] == message]
                head = unit_of(named[0])[0]
                field = head if head in named else named[0]
                log.info("The server refused an edit of %s", field)
                self.edit_rejected.emit(field, message)


def _version(known: JsonObject | None) -> int | None:
    version = None if known is None else known.get("version")
    return version if isinstance(version, int) else None


def _named(sent: JsonObject, error: ApiError) -> dict[str, str]:
    """The sent fields a refusal names, with its message; all of them if it names none."""
    named = {e.field: e.message for e in error.errors}

    def named_for(path: str) -> str | None:
        for field, message in named.items():
            if path == field or path.startswith(f"{field}.") or field.startswith(f"{path}."):
                if len(named) == 1:
                    return error.detail
                return sync_messages.field_refused(field, message)
        return None

    refused = {path: message for path in sent if (message := named_for(path)) is not None}
    return refused or dict.fromkeys(sent, error.detail)
