"""Heartbeats: on a schedule and on activity changes, never queued, `offline` before sleep.

A worker (`desktop.sync.worker`) sends them. At most one heartbeat waits for it, and a
newer one replaces it, because only the latest state matters.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncProblem
from desktop.sync.credentials import Credentials
from desktop.sync.errors import ApiError
from desktop.sync.files import device_id
from desktop.sync.worker import Worker
from presence import AppState
from presence.documents import ActivityReading, HeartbeatAnswer

log = logging.getLogger(__name__)

FIRST_INTERVAL = 30.0
# Quit and sleep wait this long at most for the `offline` heartbeat to be answered.
OFFLINE_TIMEOUT = 1.0
# The worker's key for "send the latest heartbeat": one such job waits at most.
BEAT = "beat"


# Reads this device's activity now, for a heartbeat on the schedule.
ReadActivity = Callable[[], ActivityReading]


@dataclass
class _Beat:
    activity: ActivityReading
    someone_waits: bool = False  # send_offline's `then` runs once this one is answered


class Heartbeats(QObject):
    """Sends this device's heartbeats from a worker thread.

    Signals:
        status_changed(EffectiveStatus): the status from a heartbeat's answer.
        connection_changed(SyncProblem | None): None when the last heartbeat was
            answered, else what went wrong.
    """

    status_changed = Signal(object)
    connection_changed = Signal(object)
    _answered = Signal(object)
    _failed = Signal(str, object)
    _done = Signal()

    def __init__(
        self,
        api: StatusApi,
        credentials: Credentials,
        read_activity: ReadActivity,
        data_dir: Path,
        *,
        platform: str = sys.platform,
        offline_timeout: float = OFFLINE_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._credentials = credentials
        self._read_activity = read_activity
        self.device_id = device_id(data_dir)
        self._platform = platform
        self._offline_timeout = offline_timeout
        self.heartbeat_interval = FIRST_INTERVAL
        self._timer = QTimer(self)
        self._timer.setInterval(int(FIRST_INTERVAL * 1000))
        self._timer.timeout.connect(self.on_timer)
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._pending: _Beat | None = None
        self._answered.connect(self._on_answered)
        self._failed.connect(self._on_failed)
        self._done.connect(self._run_callbacks)
        self._worker = Worker("heartbeats")

    @property
    def running(self) -> bool:
        """Whether the periodic schedule runs."""
        return self._timer.isActive()

    # --- what the app wires -----------------------------------------------------------

    @Slot()
    def on_signed_in(self) -> None:
        """Start the schedule and say hello at once."""
        self._timer.start()
        self.beat_now()

    @Slot(object)
    def on_activity_changed(self, activity: ActivityReading | None = None) -> None:
        """A return from idle, lock, unlock or resume: send `activity` (or a new reading)."""
        if self._credentials.user is None:
            return
        self._timer.start()  # also restarts the interval: the next beat is due after it
        self.beat_now(activity)

    @Slot()
    def on_timer(self) -> None:
        self.beat_now()

    def beat_now(self, activity: ActivityReading | None = None) -> None:
        self._offer(_Beat(activity or self._read_activity()))

    def send_offline(self, then: Callable[[], None] = lambda: None) -> None:
        """Send `offline`, stop the schedule, and call `then` once answered or timed out."""
        self._timer.stop()
        self._callbacks.append(then)
        QTimer.singleShot(int(self._offline_timeout * 1000), self._run_callbacks)
        self._offer(_Beat(ActivityReading(AppState.OFFLINE, None), someone_waits=True))

    def stop(self) -> None:
        """Stop the schedule (signed out); a heartbeat in flight still finishes."""
        self._timer.stop()
        with self._lock:
            self._pending = None
        self._worker.discard(BEAT)

    def shut_down(self) -> None:
        """Tell the worker to end; returns at once (a request in flight may finish)."""
        self.stop()
        self._worker.shut_down()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker (never on the UI thread); whether it has ended."""
        return self._worker.join(timeout)

    def close(self) -> None:
        """Stop the worker and wait for it."""
        self.shut_down()
        self.join(OFFLINE_TIMEOUT)

    # --- main thread ------------------------------------------------------------------

    def _offer(self, beat: _Beat) -> None:
        with self._lock:
            if self._pending is not None:
                beat.someone_waits = beat.someone_waits or self._pending.someone_waits
            self._pending = beat
        self._worker.submit(self._send_pending, key=BEAT)

    @Slot(object)
    def _on_answered(self, answer: HeartbeatAnswer) -> None:
        self.heartbeat_interval = answer.heartbeat_interval
        self._timer.setInterval(int(answer.heartbeat_interval * 1000))
        self.connection_changed.emit(None)
        self.status_changed.emit(answer.status)

    @Slot(str, object)
    def _on_failed(self, detail: str, problem: SyncProblem | None) -> None:
        log.info("A heartbeat failed: %s", detail)
        if problem:
            self.connection_changed.emit(problem)

    @Slot()
    def _run_callbacks(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    # --- worker thread ----------------------------------------------------------------

    def _send_pending(self) -> None:
        with self._lock:
            beat, self._pending = self._pending, None
        if beat is not None:
            self._send(beat)

    def _send(self, beat: _Beat) -> None:
        def call(token: str) -> HeartbeatAnswer:
            return self._api.heartbeat(
                token,
                device_id=self.device_id,
                platform=self._platform,
                app_state=beat.activity.app_state,
                idle_seconds=beat.activity.idle_seconds,
                signals=beat.activity.signals,
            )

        try:
            self._answered.emit(self._credentials.authorized(call))
        except ApiError as error:
            self._failed.emit(error.detail, error.problem)
        finally:
            if beat.someone_waits:
                self._done.emit()
