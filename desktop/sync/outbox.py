"""The outbox: availability edits kept on disk until the server has them.

Sent with If-Match from a worker thread. A 412 is merged field by field (see `merge`).
A 409 means an admin override holds: only the status choice is refused, and the rest
goes. Another refusal (422, 403) drops what it names, or else the edit, and says why.
A network failure keeps the edit and tries again with exponential backoff and jitter,
capped at 60 s.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from tenacity import Retrying, retry_if_exception

from desktop.sync.api import StatusApi
from desktop.sync.backoff import MAX_BACKOFF, backoff
from desktop.sync.credentials import Credentials
from desktop.sync.documents import Availability, has_keys
from desktop.sync.errors import ApiError, SignedOut
from desktop.sync.files import write_json
from desktop.sync.merge import (
    PREFERENCE,
    PendingField,
    add_edit,
    complete_units,
    in_units,
    merge,
    overlay,
    pending_from,
    unflatten,
    unit_of,
)

log = logging.getLogger(__name__)

FILE_NAME = "outbox.json"


def _transient(error: BaseException) -> bool:
    return isinstance(error, ApiError) and error.transient and not isinstance(error, SignedOut)


class Outbox(QObject):
    """Queues availability edits on disk and sends them in order, merged per field.

    Signals:
        availability_changed(dict): the server's document after an edit reached it.
        edit_lost(str, str): a field whose edit lost to a change made elsewhere (for the
            status choice, "preference"); a message.
        edit_rejected(str, str): a field the server refused; its explanation.
        pending_changed(bool): whether edits are waiting to be sent.
        reachable_changed(bool): whether the last attempt reached the server.
    """

    availability_changed = Signal(dict)
    edit_lost = Signal(str, str)
    edit_rejected = Signal(str, str)
    pending_changed = Signal(bool)
    reachable_changed = Signal(bool)

    def __init__(
        self,
        api: StatusApi,
        credentials: Credentials,
        data_dir: Path,
        *,
        first_backoff: float = 1.0,
        max_backoff: float = MAX_BACKOFF,
        pause: Callable[[float], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`pause(seconds)` replaces the wait between attempts (which a new edit cuts short)."""
        super().__init__(parent)
        self._api = api
        self._credentials = credentials
        self._path = data_dir / FILE_NAME
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._pause = pause or self._wait_for_wake
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._known: dict[str, Any] | None = None
        self._base_version: int | None = None
        self._pending: dict[str, PendingField] = {}
        self._load()
        self._thread = threading.Thread(target=self._work, name="outbox", daemon=True)
        self._thread.start()
        if self._pending:
            self._wake.set()

    # --- any thread -------------------------------------------------------------------

    def edit(self, changes: dict[str, Any]) -> None:
        """Queue a partial update, shaped like the PATCH body. Later edits of a field win."""
        with self._lock:
            if not self._pending:
                self._base_version = None if self._known is None else self._known["version"]
            add_edit(self._pending, self._known, changes)
            self._save()
        self.pending_changed.emit(True)
        self._wake.set()

    def on_server_document(self, document: dict[str, Any]) -> None:
        """The server's current document arrived (a read or an event); pending edits stay."""
        with self._lock:
            self._known = document
            if not self._pending:
                self._base_version = None
            self._save()

    def on_reachable(self) -> None:
        """The server answers again: send now instead of waiting out the backoff."""
        self._wake.set()

    def pending(self) -> dict[str, Any]:
        """The pending edits, as a PATCH body."""
        with self._lock:
            return unflatten({path: edit.value for path, edit in self._pending.items()})

    def local_view(self) -> dict[str, Any]:
        """The document the person should see: the server's, with pending edits on top."""
        with self._lock:
            return overlay(self._known, self._pending)

    def close(self) -> None:
        self._closing.set()
        self._wake.set()
        self._thread.join(timeout=15)

    # --- the file ---------------------------------------------------------------------

    def _load(self) -> None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            # Keep the unreadable file for a person to look at rather than overwrite it.
            log.warning("The outbox file could not be read (%s); starting empty", error)
            self._path.replace(self._path.with_suffix(".unreadable"))
            return
        known = raw.get("known")
        self._known = known if has_keys(known, Availability) else None
        self._base_version = raw.get("base_version")
        self._pending = {
            path: PendingField.from_json(edit) for path, edit in raw.get("pending", {}).items()
        }

    def _save(self) -> None:
        write_json(
            self._path,
            {
                "known": self._known,
                "base_version": self._base_version,
                "pending": {path: edit.to_json() for path, edit in self._pending.items()},
            },
        )

    # --- worker thread ----------------------------------------------------------------

    def _work(self) -> None:
        while not self._closing.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._closing.is_set():
                return
            try:
                self._send_until_empty()
            except SignedOut:
                log.info("The outbox waits for a sign-in")
            except ApiError as error:
                log.info("The outbox stopped: %s", error.detail)

    def _wait_for_wake(self, seconds: float) -> None:
        """Back off, but wake early for a new edit, the server's return, or closing."""
        log.debug("The outbox tries again in %.1f s", seconds)
        self._wake.wait(seconds)
        self._wake.clear()

    def _send_until_empty(self) -> None:
        retrying = Retrying(
            retry=retry_if_exception(_transient),
            wait=backoff(self._first_backoff, self._max_backoff),
            stop=lambda _state: self._closing.is_set(),
            sleep=self._pause,
            reraise=True,
        )
        while not self._closing.is_set():
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
        if not sent:
            return
        if_match = None if version is None else f'"{version}"'
        try:
            document, _etag = self._credentials.authorized(
                lambda token: self._api.edit_availability(token, unflatten(sent), if_match)
            )
        except ApiError as error:
            if error.transient:
                self.reachable_changed.emit(False)
                raise
            if isinstance(error, SignedOut):
                raise
            self.reachable_changed.emit(True)
            if error.status == 412:
                self._merge(error)
            elif error.status == 409 and any(path in PREFERENCE for path in sent):
                # An admin override holds. The server refuses a PATCH that names the status
                # and stores nothing, so the rest of the edit goes again without it.
                self._refuse(sent, {path: error.detail for path in sent if path in PREFERENCE})
            else:
                self._refuse(sent, _named(sent, error))
            return
        self.reachable_changed.emit(True)
        self._applied(sent, dict(document))

    def _applied(self, sent: dict[str, Any], document: dict[str, Any]) -> None:
        with self._lock:
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
            self._base_version = document["version"] if self._pending else None
            self._save()
        self.availability_changed.emit(document)

    def _merge(self, error: ApiError) -> None:
        current = (error.body or {}).get("current")
        if not has_keys(current, Availability):
            current = dict(self._credentials.authorized(self._api.availability)[0])
        assert isinstance(current, dict)
        with self._lock:
            self._pending, lost = merge(self._pending, current)
            self._known = current
            self._base_version = current["version"] if self._pending else None
            self._save()
        for each in lost:
            log.info("An edit of %s lost to a change made elsewhere", each.field)
            self.edit_lost.emit(each.field, each.message)
        self.availability_changed.emit(current)

    def _refuse(self, sent: dict[str, Any], refused: dict[str, str]) -> None:
        """Drop the `refused` fields (path: why), with the rest of their units, and say why.

        A unit goes whole: a refused expiry must not leave its preference to last forever.
        """
        dropped = {other for path in refused for other in unit_of(path) if other in sent}
        with self._lock:
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


def _named(sent: dict[str, Any], error: ApiError) -> dict[str, str]:
    """The sent fields a refusal names, with its message; all of them if it names none."""
    named = {e["field"]: e["message"] for e in error.errors}

    def named_for(path: str) -> str | None:
        for field, message in named.items():
            if path == field or path.startswith(f"{field}.") or field.startswith(f"{path}."):
                return f"{error.detail}" if len(named) == 1 else f"{field}: {message}"
        return None

    refused = {path: message for path in sent if (message := named_for(path)) is not None}
    return refused or dict.fromkeys(sent, error.detail)
