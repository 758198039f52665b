"""The "in a call" signal: the microphone or camera in use by any app, debounced.

Each device is watched on a worker thread of its own (the sound server's events, a scan
of the process list, the registry), and its readings come back to the UI thread as a Qt
signal. The call turns on only once a capture has been seen for `on_after` seconds
without a break, so a notification sound or an app probing the camera does not flash
"in a call"; it turns off at once, so a finished session frees the professional at once.
"""

from __future__ import annotations

import logging
import math
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from desktop.signals.call_reading import (
    CallReading,
    DeviceUse,
    call_reading,
    cannot_check,
    no_method,
    not_read_yet,
)
from desktop.sync.worker import Worker
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

ON_AFTER = 3.0
POLL_INTERVAL = 3.0


class UseWatcher(Protocol):
    """Watches one kind of device on the thread that calls `run`."""

    def run(self, report: Callable[[DeviceUse], None], stopping: threading.Event) -> None:
        """Report each change of the device's use until `stopping` is set, then return."""

    def wake(self) -> None:
        """Cut a blocking wait short so that `run` sees `stopping` (any thread may call)."""


class UseReader(Protocol):
    """Reads one kind of device once, blocking (a scan, the registry…)."""

    def read(self) -> DeviceUse: ...


class PolledWatcher:
    """A `UseReader` read every `interval` seconds; reports changes only."""

    def __init__(self, reader: UseReader, interval: float = POLL_INTERVAL, what: str = "camera"):
        self._reader = reader
        self._interval = interval
        self._what = what

    def run(self, report: Callable[[DeviceUse], None], stopping: threading.Event) -> None:
        told: DeviceUse | None = None
        while not stopping.is_set():
            try:
                use = self._reader.read()
            except Exception as error:  # the readers answer in words; this is a last guard
                log.info("Reading the %s failed: %s", self._what, type(error).__name__)
                use = DeviceUse(None, cannot_check(self._what, tr("reading it failed.")))
            if use != told:
                told = use
                report(use)
            stopping.wait(self._interval)

    def wake(self) -> None:
        """Nothing to do: the wait between two reads is `stopping` itself."""


class Debounce:
    """On once a capture has been seen continuously for `on_after` seconds; off at once."""

    def __init__(self, on_after: float, clock: Callable[[], float]) -> None:
        self._on_after = on_after
        self._now = clock
        self._since: float | None = None

    def update(self, seen: bool) -> bool:
        """Whether the call is on, given whether a capture is seen now."""
        if not seen:
            self._since = None
            return False
        now = self._now()
        if self._since is None:
            self._since = now
        return now - self._since >= self._on_after

    def remaining(self) -> float | None:
        """Seconds until it turns on, if a capture goes on; None when off or already on."""
        if self._since is None:
            return None
        left = self._on_after - (self._now() - self._since)
        return left if left > 0 else None


@dataclass(frozen=True)
class CallReaders:
    """The watchers of this desktop; None for a device it cannot watch."""

    microphone: UseWatcher | None
    camera: UseWatcher | None


def default_call_readers(platform: str = sys.platform) -> CallReaders:
    """The watchers for `platform`; each imports its system's libraries only when read."""
    if platform.startswith("linux"):
        from desktop.signals.camera_linux import ProcCameraScan
        from desktop.signals.microphone_pulse import PulseMicrophone

        return CallReaders(PulseMicrophone(), PolledWatcher(ProcCameraScan()))
    if platform == "win32":
        from desktop.signals.calls_windows import ConsentStore

        return CallReaders(
            PolledWatcher(ConsentStore("microphone"), what="microphone"),
            PolledWatcher(ConsentStore("webcam")),
        )
    if platform == "darwin":
        from desktop.signals.calls_macos import MacCamera, MacMicrophone

        return CallReaders(
            PolledWatcher(MacMicrophone(), what="microphone"), PolledWatcher(MacCamera())
        )
    return CallReaders(None, None)


class CallSignal(QObject):
    """Whether the professional is in a call, from the microphone and camera.

    Signals:
        changed(CallReading): the reading changed (a device, or the debounce elapsed).
    """

    changed = Signal(object)
    _read = Signal(int, str, object)  # a worker's report: (round, "microphone"/"camera", use)

    def __init__(
        self,
        readers: CallReaders | None = None,
        on_after: float = ON_AFTER,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._readers = readers if readers is not None else default_call_readers()
        self._on_after = on_after
        self._clock = clock
        self._debounce = Debounce(on_after, clock)
        self._parts: dict[str, DeviceUse] = {}
        self._round = 0  # reports from the workers of an earlier start are dropped
        self._stopping = threading.Event()
        self._workers: list[Worker] = []  # until joined, those of earlier starts too
        self._running = False
        self.reading = not_read_yet()
        self.debounce_timer = QTimer(self)
        self.debounce_timer.setSingleShot(True)
        # A coarse timer may fire up to 5% early, and would then only be set again.
        self.debounce_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.debounce_timer.timeout.connect(self.on_debounce_due)
        self._read.connect(self.on_read)

    def start(self) -> None:
        """Start watching (again); returns at once."""
        if self._running:
            return
        self._running = True
        self._round += 1
        self._stopping = threading.Event()
        watched = self._watched()
        if not watched:
            self._tell(CallReading(False, False, None, None, no_method()))
            return
        for part, watcher in watched.items():
            worker = Worker(f"calls-{part}")
            report = partial(self._report, self._round, part)
            worker.submit(partial(watcher.run, report, self._stopping))
            self._workers.append(worker)

    def stop(self) -> None:
        """Stop watching; returns at once, the threads end within a moment (`join`)."""
        self._running = False
        self._stopping.set()
        for watcher in self._watched().values():
            watcher.wake()
        for worker in self._workers:
            worker.shut_down()
        self._round += 1
        self._parts.clear()
        self._debounce = Debounce(self._on_after, self._clock)
        self.debounce_timer.stop()

    def join(self, timeout: float) -> bool:
        """Wait for the stopped threads to end (not on the UI thread); whether they did."""
        deadline = time.monotonic() + timeout
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        self._workers = [worker for worker in self._workers if not worker.ended]
        return not self._workers

    @property
    def threads_ended(self) -> bool:
        return all(worker.ended for worker in self._workers)

    def _watched(self) -> dict[str, UseWatcher]:
        readers = self._readers
        parts = {"microphone": readers.microphone, "camera": readers.camera}
        return {part: watcher for part, watcher in parts.items() if watcher is not None}

    def _report(self, round_: int, part: str, use: DeviceUse) -> None:
        """On a worker: hand the report to the UI thread."""
        self._read.emit(round_, part, use)

    @Slot(int, str, object)
    def on_read(self, round_: int, part: str, use: DeviceUse) -> None:
        if round_ != self._round:
            return
        self._parts[part] = use
        self.on_debounce_due()

    @Slot()
    def on_debounce_due(self) -> None:
        """Decide again from the last reports, at the clock's now."""
        seen = any(use.in_use for use in self._parts.values())
        in_call = self._debounce.update(seen)
        wait = self._debounce.remaining()
        if wait is None:
            self.debounce_timer.stop()
        else:
            # Rounded up: a timer that fires a fraction early would only come round again.
            self.debounce_timer.start(max(1, math.ceil(wait * 1000)))
        parts = self._parts
        self._tell(call_reading(parts.get("microphone"), parts.get("camera"), in_call))

    def _tell(self, reading: CallReading) -> None:
        if reading == self.reading:
            return
        self.reading = reading
        log.info(
            "Call reading: %s (microphone %s, camera %s)",
            "in a call" if reading.in_call else "not in a call",
            reading.microphone,
            reading.camera,
        )
        self.changed.emit(reading)
