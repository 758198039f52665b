"""The event stream: GET /v1/me/events over SSE, reconnecting with backoff.

On every (re)connect it re-reads availability and status in full, so nothing that
happened while the stream was down is missed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Callable

import httpx
import httpx_sse
from PySide6.QtCore import QObject, Signal
from tenacity import Retrying, retry_if_exception

from desktop.sync.api import StatusApi
from desktop.sync.backoff import MAX_BACKOFF, backoff
from desktop.sync.connection import SyncProblem
from desktop.sync.credentials import Credentials
from desktop.sync.errors import ApiError, SignedOut
from desktop.sync.worker import Worker
from presence.documents import DocumentError, read_availability, read_effective_status

log = logging.getLogger(__name__)

KINDS = frozenset({"availability", "status"})
# The worker's key for "follow the stream": one such job waits at most.
FOLLOW = "follow"


def _worth_retrying(error: BaseException) -> bool:
    return isinstance(error, ApiError) and not isinstance(error, SignedOut)


class EventStream(QObject):
    """Keeps a live subscription to the person's status and availability.

    Signals:
        availability_changed(AvailabilityDocument): after a read or an event.
        status_changed(EffectiveStatus): after a read or an event.
        connection_changed(SyncProblem | None): None when the stream has connected, else
            what went wrong.
    """

    availability_changed = Signal(object)
    status_changed = Signal(object)
    connection_changed = Signal(object)

    def __init__(
        self,
        api: StatusApi,
        credentials: Credentials,
        *,
        first_backoff: float = 0.5,
        max_backoff: float = MAX_BACKOFF,
        pause: Callable[[float], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`pause(seconds)` replaces the wait before a reconnect (which `start` cuts short)."""
        super().__init__(parent)
        self._api = api
        self._credentials = credentials
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._pause = pause or self._wait_for_wake
        self._enabled = threading.Event()
        self._socket: socket.socket | None = None
        self._response: httpx.Response | None = None
        self._connection: SyncProblem | None = SyncProblem.UNREACHABLE
        self.last_event_id: str | None = None
        self._worker = Worker("events")

    def start(self) -> None:
        """Connect (after a sign-in), or reconnect now if waiting out a backoff."""
        self._enabled.set()
        self._worker.submit(self._follow, key=FOLLOW)

    def stop(self) -> None:
        """Disconnect (after a sign-out)."""
        self._enabled.clear()
        self._hang_up()

    def shut_down(self) -> None:
        """Tell the worker to end; returns at once."""
        self._worker.shut_down()
        self._hang_up()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker (never on the UI thread); whether it has ended."""
        return self._worker.join(timeout)

    def _following(self) -> bool:
        return self._enabled.is_set() and not self._worker.closing

    def close(self) -> None:
        self.shut_down()
        self.join(15)

    def _hang_up(self) -> None:
        # Closing the client does not wake a thread blocked reading; shutting the socket does.
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)

    # --- worker thread ----------------------------------------------------------------

    def _set_connection(self, problem: SyncProblem | None) -> None:
        if problem != self._connection:
            self._connection = problem
            self.connection_changed.emit(problem)

    def _wait_for_wake(self, seconds: float) -> None:
        log.debug("The event stream reconnects in %.1f s", seconds)
        self._worker.pause(seconds)

    def _follow(self) -> None:
        """Stay connected while enabled: reconnect with backoff, end on a sign-out."""
        while self._following():
            retrying = Retrying(
                retry=retry_if_exception(_worth_retrying),
                wait=backoff(self._first_backoff, self._max_backoff),
                stop=lambda _state: not self._following(),
                sleep=self._pause,
                reraise=True,
            )
            try:
                for attempt in retrying:
                    with attempt:
                        self._connect_and_read()
            except SignedOut:
                self._enabled.clear()
            except ApiError as error:
                log.info("The event stream stopped: %s", error.detail)

    def _connect_and_read(self) -> None:
        """One connection. Returns normally when a connected stream ends; raises if none."""
        token, generation = self._credentials.access_token()
        try:
            with self._api.events(token, self.last_event_id) as response:
                self._response = response
                stream = response.extensions.get("network_stream")
                self._socket = stream.get_extra_info("socket") if stream is not None else None
                self._set_connection(None)
                self._read_everything()
                self._read_events(response)
        except ApiError as error:
            if error.problem is not None:
                self._set_connection(error.problem)
            if error.status == 401 and not isinstance(error, SignedOut):
                self._credentials.after_unauthorized(generation)
            raise
        finally:
            self._socket = None
            self._response = None
        if not self._following():
            self._connection = SyncProblem.UNREACHABLE  # this app hung up: nothing to report
        else:
            self._set_connection(SyncProblem.UNREACHABLE)  # the server ended the stream

    def _read_everything(self) -> None:
        document, _etag = self._credentials.authorized(self._api.availability)
        self.availability_changed.emit(document)
        self.status_changed.emit(self._credentials.authorized(self._api.status))

    def _read_events(self, response: httpx.Response) -> None:
        try:
            for event in httpx_sse.EventSource(response).iter_sse():
                if not self._following():
                    return
                self._dispatch(event)
        except (httpx.TransportError, httpx_sse.SSEError) as error:
            # A stream that had connected ends here; the next attempt starts a fresh backoff.
            log.info("The event stream was cut: %s", type(error).__name__)

    def _dispatch(self, event: httpx_sse.ServerSentEvent) -> None:
        if event.event not in KINDS:
            # The server's keep-alive pings are comments. httpx-sse still hands one over
            # as an empty "message" once an id has been seen, as the SSE spec says.
            return
        # Events are read as strictly as REST answers: a garbled one is never passed on.
        try:
            data = json.loads(event.data)
            if event.event == "availability":
                document = read_availability(data)
            else:
                status = read_effective_status(data)
        except (ValueError, DocumentError) as error:
            log.warning(
                "A %s event could not be read (%s); re-reading everything", event.event, error
            )
            self._read_everything()
            return
        if event.id:
            self.last_event_id = event.id
        if event.event == "availability":
            self.availability_changed.emit(document)
        else:
            self.status_changed.emit(status)
