"""Heartbeats: on a schedule and on activity changes, never queued, `offline` before sleep.

A single worker thread sends them. It holds at most one pending heartbeat, and a newer
one replaces it, because only the latest state matters.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.sync.api import StatusApi
from desktop.sync.credentials import Credentials
from desktop.sync.errors import ApiError
from desktop.sync.files import device_id

log = logging.getLogger(__name__)

FIRST_INTERVAL = 30.0
# Quit and sleep wait this long at most for the `offline` heartbeat to be answered.
OFFLINE_TIMEOUT = 1.0


class ReadActivity(Protocol):
    """Gives the heartbeat's `app_state` and `idle_seconds` (None when unknown) right now."""

    def __call__(self) -> tuple[str, float | None]: ...


@dataclass
class _Beat:
    app_state: str
    idle_seconds: float | None
    someone_waits: bool = False  # send_offline's `then` runs once this one is answered


class Heartbeats(QObject):
    """Sends this device's heartbeats from a worker thread.

    Signals:
        status_changed(dict): the EffectiveStatus from a heartbeat's answer.
        connection_changed(str): "" when the last heartbeat was answered, else what went
            wrong (desktop.sync.errors.PROBLEMS).
    """

    status_changed = Signal(dict)
    connection_changed = Signal(str)
    _answered = Signal(dict)
    _failed = Signal(str, str)
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
        self._condition = threading.Condition()
        self._pending: _Beat | None = None
        self._closing = False
        self._answered.connect(self._on_answered)
        self._failed.connect(self._on_failed)
        self._done.connect(self._run_callbacks)
        self._thread = threading.Thread(target=self._work, name="heartbeats", daemon=True)
        self._thread.start()

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

    @Slot()
    def on_activity_changed(self) -> None:
        """A return from idle, lock, unlock or resume: send the new state at once."""
        if self._credentials.user is None:
            return
        self._timer.start()  # also restarts the interval: the next beat is due after it
        self.beat_now()

    @Slot()
    def on_timer(self) -> None:
        self.beat_now()

    def beat_now(self) -> None:
        app_state, idle_seconds = self._read_activity()
        self._offer(_Beat(app_state, idle_seconds))

    def send_offline(self, then: Callable[[], None] = lambda: None) -> None:
        """Send `offline`, stop the schedule, and call `then` once answered or timed out."""
        self._timer.stop()
        self._callbacks.append(then)
        QTimer.singleShot(int(self._offline_timeout * 1000), self._run_callbacks)
        self._offer(_Beat("offline", None, someone_waits=True))

    def stop(self) -> None:
        """Stop the schedule (signed out); a heartbeat in flight still finishes."""
        self._timer.stop()
        with self._condition:
            self._pending = None

    def shut_down(self) -> None:
        """Tell the worker thread to end; returns at once (a request in flight may finish)."""
        self.stop()
        with self._condition:
            self._closing = True
            self._condition.notify()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker thread (never on the UI thread); whether it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self) -> None:
        """Stop the worker thread and wait for it."""
        self.shut_down()
        self.join(OFFLINE_TIMEOUT)

    # --- main thread ------------------------------------------------------------------

    def _offer(self, beat: _Beat) -> None:
        with self._condition:
            if self._pending is not None:
                beat.someone_waits = beat.someone_waits or self._pending.someone_waits
            self._pending = beat
            self._condition.notify()

    @Slot(dict)
    def _on_answered(self, answer: dict[str, object]) -> None:
        interval = answer.get("heartbeat_interval")
        if isinstance(interval, int | float) and interval > 0:
            self.heartbeat_interval = float(interval)
            self._timer.setInterval(int(interval * 1000))
        self.connection_changed.emit("")
        status = answer.get("status")
        if isinstance(status, dict):
            self.status_changed.emit(status)

    @Slot(str, str)
    def _on_failed(self, detail: str, problem: str) -> None:
        log.info("A heartbeat failed: %s", detail)
        if problem:
            self.connection_changed.emit(problem)

    @Slot()
    def _run_callbacks(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    # --- worker thread ----------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._closing:
                    self._condition.wait()
                if self._closing:
                    return
                beat, self._pending = self._pending, None
            assert beat is not None
            self._send(beat)

    def _send(self, beat: _Beat) -> None:
        def call(token: str) -> dict[str, object]:
            answer = self._api.heartbeat(
                token,
                device_id=self.device_id,
                platform=self._platform,
                app_state=beat.app_state,
                idle_seconds=beat.idle_seconds,
            )
            return dict(answer)

        try:
            self._answered.emit(self._credentials.authorized(call))
        except ApiError as error:
            self._failed.emit(error.detail, error.problem or "")
        finally:
            if beat.someone_waits:
                self._done.emit()
