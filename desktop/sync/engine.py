"""The sync engine: credentials, heartbeats, the outbox and the event stream, composed.

Threads: each concern has a worker of its own (`desktop.sync.worker`) running blocking
httpx calls, so a heartbeat never waits behind a slow edit, and the event stream may
block reading for a minute; results reach the UI as queued Qt signals. The UI thread
never touches the network.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from tenacity import Retrying, retry_if_exception

from desktop.sync.api import StatusApi
from desktop.sync.backoff import backoff
from desktop.sync.connection import SyncProblem, SyncState
from desktop.sync.credentials import Credentials
from desktop.sync.errors import ApiError, ServerUnreachable
from desktop.sync.events import EventStream
from desktop.sync.heartbeats import Heartbeats, ReadActivity
from desktop.sync.outbox import Outbox
from desktop.sync.password_store import PasswordStore
from desktop.sync.worker import Worker, run_once
from presence.documents import (
    ActivityReading,
    AvailabilityChanges,
    AvailabilityDocument,
    UserInfo,
)

log = logging.getLogger(__name__)


class SyncEngine(QObject):
    """Keeps the person's status and availability in sync with the server, both ways.

    Signals:
        signed_in(UserInfo): the user after a sign-in.
        sign_in_failed(str): why a sign-in did not work, for the person.
        status_changed(EffectiveStatus): the status, from heartbeats and events.
        availability_changed(AvailabilityDocument): what the person should see: the
            server's document with this device's pending edits on top, after either
            changed.
        sync_state_changed(SyncState): also when only `problem` changed (what is wrong
            while offline, or None when nothing has been heard from the server yet).
        signed_out(str): the sign-in ended, and why.
        notice(str): something to tell the person once.
        edit_lost(str, str): an edited field lost to a change made elsewhere; a message.
        edit_rejected(str, str): an edited field the server refused; its explanation.
        needs_sign_in(): restore() found no saved sign-in; ask the person to sign in.
        retired(): after retire(), every worker thread has ended; the engine may go.
    """

    signed_in = Signal(object)
    sign_in_failed = Signal(str)
    status_changed = Signal(object)
    availability_changed = Signal(object)
    sync_state_changed = Signal(object)
    signed_out = Signal(str)
    notice = Signal(str)
    edit_lost = Signal(str, str)
    edit_rejected = Signal(str, str)
    needs_sign_in = Signal()
    retired = Signal()
    _account_done = Signal(object, str)
    _wrap_up_answered = Signal(object)
    _wrap_up_refused = Signal(str)
    _waiting_for_server = Signal()

    def __init__(
        self,
        base_url: str,
        data_dir: Path,
        read_activity: ReadActivity,
        *,
        api: StatusApi | None = None,
        credentials: Credentials | None = None,
        keyring_backend: PasswordStore | None = None,
        first_backoff: float = 1.0,
        server_key: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`server_key` names the server in the outbox files (default: `base_url`); local
        mode's server has a new port at every start, so it gives one that stays."""
        super().__init__(parent)
        self._first_backoff = first_backoff
        self._closing = threading.Event()
        self._account_workers: list[Worker] = []
        self.api = api or StatusApi(base_url)
        self.credentials = credentials or Credentials(self.api, keyring_backend=keyring_backend)
        self.heartbeats = Heartbeats(self.api, self.credentials, read_activity, data_dir)
        self.outbox = Outbox(
            self.api,
            self.credentials,
            data_dir,
            first_backoff=first_backoff,
            server_key=server_key,
        )
        self.events = EventStream(self.api, self.credentials, first_backoff=first_backoff)
        self.sync_state = SyncState.OFFLINE
        self.problem: SyncProblem | None = None
        self._last_said: tuple[SyncState, SyncProblem | None] = (SyncState.OFFLINE, None)
        self._reachable = False
        self._saving = bool(self.outbox.pending())

        self.credentials.signed_out.connect(self.on_signed_out)
        self.credentials.notice.connect(self.notice)
        self.heartbeats.status_changed.connect(self.status_changed)
        self.heartbeats.connection_changed.connect(self.on_connection_changed)
        self.events.status_changed.connect(self.status_changed)
        self.events.availability_changed.connect(self.on_server_availability)
        self.events.connection_changed.connect(self.on_connection_changed)
        self.outbox.availability_changed.connect(self.on_server_availability)
        self.outbox.connection_changed.connect(self.on_connection_changed)
        self.outbox.pending_changed.connect(self.on_pending_changed)
        self.outbox.edit_lost.connect(self.edit_lost)
        self.outbox.edit_rejected.connect(self.edit_rejected)
        # A refused or lost edit leaves the pending edits: show what remains.
        self.outbox.edit_lost.connect(self._show_local_view)
        self.outbox.edit_rejected.connect(self._show_local_view)
        self.outbox.unreadable.connect(self.notice)
        self._account_done.connect(self._on_account_done)
        # Both reach the UI thread queued: the worker emits, the engine lives there.
        self._wrap_up_answered.connect(self.on_server_availability)
        self._wrap_up_refused.connect(self.notice)
        self._waiting_for_server.connect(
            lambda: self.on_connection_changed(SyncProblem.UNREACHABLE)
        )

    # --- what the UI and the app call -------------------------------------------------

    def restore(self) -> None:
        """Sign in with the keyring's refresh token, if any (in the background).

        The app often starts before the network or the server is up, so this keeps
        trying while the server cannot be reached, with backoff. It never resends a
        refresh token that may have reached the server: that would look like reuse,
        and the server would end the sign-in.
        """
        self._in_background(self._restore_patiently)

    def _pause(self, seconds: float) -> None:
        self._closing.wait(seconds)

    def _restore_patiently(self) -> UserInfo | None:
        retrying = Retrying(
            retry=retry_if_exception(
                lambda error: isinstance(error, ServerUnreachable) and error.never_sent
            ),
            wait=backoff(self._first_backoff),
            stop=lambda _state: self._closing.is_set(),
            sleep=self._pause,
            before_sleep=lambda _state: self._waiting_for_server.emit(),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                return self.credentials.restore()
        return None

    def sign_in(self, email: str, password: str) -> None:
        """Sign in (in the background); answers with signed_in or sign_in_failed."""
        self._in_background(lambda: self.credentials.sign_in(email, password))

    def sign_out(self) -> None:
        """Revoke the sign-in and mark this device offline (in the background)."""
        self.heartbeats.stop()
        self.events.stop()
        device = self.heartbeats.device_id
        self._in_background(lambda: self.credentials.sign_out(device))

    def edit(self, changes: AvailabilityChanges) -> None:
        """An availability edit, shaped like the PATCH body; queued and sent when possible."""
        self.outbox.edit(changes)
        self._show_local_view()

    def extend_wrap_up(self, minutes: int) -> None:
        """ "Extend" (in the background): the wrap-up lasts `minutes` longer."""
        self._wrap_up(lambda token: self.api.extend_wrap_up(token, minutes))

    def end_wrap_up(self) -> None:
        """ "I'm ready" (in the background): the wrap-up ends now."""
        self._wrap_up(self.api.end_wrap_up)

    def _wrap_up(self, call: Callable[[str], tuple[AvailabilityDocument, str]]) -> None:
        # Not queued like an edit: "Extend" pressed while the server is away means
        # nothing by the time it is back, so the person is told it did not happen.
        def run() -> None:
            try:
                document, _etag = self.credentials.authorized(call)
            except ApiError as error:
                self._wrap_up_refused.emit(error.detail)
                return
            self._wrap_up_answered.emit(document)

        running = [worker for worker in self._account_workers if not worker.ended]
        self._account_workers = [*running, run_once("wrap-up", run)]

    @Slot()
    def on_resumed(self) -> None:
        """After sleep: nothing is confirmed until the server answers again."""
        self._reachable = False
        self.problem = None
        self._update_sync_state(force=True)

    @Slot(object)
    def on_activity_changed(self, activity: ActivityReading | None = None) -> None:
        """Wire to the activity monitor's activity_changed: a heartbeat goes now."""
        self.heartbeats.on_activity_changed(activity)

    def send_offline(self, then: Callable[[], None] = lambda: None) -> None:
        """Before sleep or quit: an `offline` heartbeat, then `then` (bounded by a timeout)."""
        self.heartbeats.send_offline(then)

    def shut_down(self) -> None:
        """Tell every worker thread to end; returns at once, so the UI thread may call it.

        A request in flight still finishes (or times out) in its worker; `join` waits.
        """
        self._closing.set()
        self.heartbeats.shut_down()
        self.events.shut_down()
        self.outbox.shut_down()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for every worker thread, never on the UI thread; whether all have ended."""
        deadline = None if timeout is None else time.monotonic() + timeout

        def left() -> float | None:
            return None if deadline is None else max(0.0, deadline - time.monotonic())

        ended = [
            self.heartbeats.join(left()),
            self.events.join(left()),
            self.outbox.join(left()),
        ]
        ended += [worker.join(left()) for worker in list(self._account_workers)]
        return all(ended)

    def retire(self) -> None:
        """Shut down without waiting: a thread of its own joins the workers, then `retired`.

        Until `retired`, a worker may still emit, so the engine must be kept alive.
        """
        self.shut_down()

        def reap() -> None:
            self.join()
            self.api.close()
            self.retired.emit()

        run_once("engine-reaper", reap)

    def close(self) -> None:
        """Stop every worker thread and wait for them (tests and tools; not the UI thread)."""
        self.shut_down()
        self.join(15)
        self.api.close()

    # --- wiring -----------------------------------------------------------------------

    def _in_background(self, work: Callable[[], object]) -> None:
        def run() -> None:
            try:
                self._account_done.emit(work(), "")
            except ApiError as error:
                self._account_done.emit(None, error.detail)

        # Each on a worker of its own: a sign-in must not wait behind a patient restore.
        running = [worker for worker in self._account_workers if not worker.ended]
        self._account_workers = [*running, run_once("account", run)]

    @Slot(object, str)
    def _on_account_done(self, user: object, failure: str) -> None:
        if failure:
            self.sign_in_failed.emit(failure)
        elif isinstance(user, UserInfo):
            # Pending edits are kept per account: only this person's may go from now on.
            previous = self.outbox.account
            self.outbox.use_account(user.id)
            if previous not in (None, user.id):
                self.events.stop()  # a stream still open for the previous person
            self.signed_in.emit(user)
            self.heartbeats.on_signed_in()
            self.events.start()
            self.outbox.on_reachable()
        else:
            self.needs_sign_in.emit()

    @Slot(str)
    def on_signed_out(self, reason: str) -> None:
        self.heartbeats.stop()
        self.events.stop()
        self.outbox.use_account(None)
        self._reachable = False
        self.problem = None
        self._update_sync_state()
        self.signed_out.emit(reason)

    @Slot(object)
    def on_server_availability(self, document: AvailabilityDocument) -> None:
        self.outbox.on_server_document(document)
        self._show_local_view()

    @Slot()
    def _show_local_view(self) -> None:
        view = self.outbox.local_view()
        if view is not None:
            self.availability_changed.emit(view)

    @Slot(object)
    def on_connection_changed(self, problem: SyncProblem | None) -> None:
        """A worker heard from the server (None) or found `problem` with it."""
        reachable = not problem
        if reachable and not self._reachable:
            self.outbox.on_reachable()
            if self.credentials.user is not None:
                self.events.start()
        self._reachable = reachable
        if problem is not None:
            self.problem = problem
        self._update_sync_state()

    @Slot(bool)
    def on_pending_changed(self, _pending: bool) -> None:
        # The outbox says this from its worker too, so the word may arrive after a newer
        # edit: "nothing pending" from an earlier round would then hide the new edit and
        # show "synced" before it was sent. What holds is what the outbox holds now.
        self._saving = bool(self.outbox.pending())
        self._update_sync_state()

    def _update_sync_state(self, *, force: bool = False) -> None:
        state = (
            SyncState.OFFLINE
            if not self._reachable
            else SyncState.SAVING
            if self._saving
            else SyncState.SYNCED
        )
        if state is not SyncState.OFFLINE:
            self.problem = None
        if force or (state, self.problem) != self._last_said:
            self._last_said = (state, self.problem)
            self.sync_state = state
            self.sync_state_changed.emit(state)
