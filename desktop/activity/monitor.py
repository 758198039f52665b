"""ActivityMonitor: turns idle time, lock and sleep events into one ActivityState."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.activity.clock_jump import Clock, ClockJumpDetector
from desktop.activity.state import ActivityState, IdleSource, IdleWatch, ReturnWatch
from desktop.activity.watchers import LockWatcher, SleepWatcher
from presence import AppState
from presence.documents import ActivityReading

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication, QWindow

log = logging.getLogger(__name__)

# While the server shows the person idle, input that ends a stretch longer than this
# (the readings' own jitter stays far below it) is a return.
EXPECTED_RETURN_MIN_STRETCH = 1.0


@dataclasses.dataclass(frozen=True)
class MonitorSettings:
    """Thresholds and poll intervals; the defaults match the server's (DESIGN.md 3, 5).

    idle_poll_ms is the poll while idle, which catches a return quickly. When the idle
    source can report the next input itself (a ReturnWatch), the monitor polls every
    watched_poll_ms instead: then the poll only notices sleeps (a wall clock that
    jumped) and a source that stopped answering. While active, a source that can report
    away_after reached (an IdleWatch) says exactly when; the poll stays at
    active_poll_ms, which also catches idleness the watch misses (focus on the app's own
    window, an idle inhibitor).
    """

    away_after: float = 300.0
    heartbeat_interval: float = 30.0
    active_poll_ms: int = 5000
    idle_poll_ms: int = 1000
    sleep_grace_ms: int = 3000
    clock_jump_threshold: float = 10.0
    watched_poll_ms: int = 30_000


class ActivityMonitor(QObject):
    """Polls the idle source adaptively and follows lock, sleep and app focus.

    States, first match wins: asleep, locked, unknown (no idle reading), idle
    (idle for away_after or longer), active. While idle, a source that is a ReturnWatch
    reports the next input, and the poll slows down.

    Signals:
        state_changed(str): the ActivityState value changed.
        returned(): the person is back: input after an idle stretch longer than the
            heartbeat interval, an unlock, or a resume.
        activity_changed(ActivityReading): after either of those, once, with the reading
            that showed it: send a heartbeat with it at once.
        about_to_sleep(): the system is about to suspend and is held back for at most
            sleep_grace_ms; send the offline heartbeat, then call allow_sleep().
        resumed(): the system woke up (a logind signal or a wall-clock jump).
    """

    state_changed = Signal(str)
    returned = Signal()
    activity_changed = Signal(object)
    about_to_sleep = Signal()
    resumed = Signal()

    def __init__(
        self,
        idle_source: IdleSource,
        lock_watchers: Sequence[LockWatcher] = (),
        sleep_watchers: Sequence[SleepWatcher] = (),
        settings: MonitorSettings | None = None,
        monotonic: Clock = time.monotonic,
        wall: Clock = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = idle_source
        self._return_watch = idle_source if isinstance(idle_source, ReturnWatch) else None
        self._idle_watch = idle_source if isinstance(idle_source, IdleWatch) else None
        self._watching = False
        self._idle_watching = False
        self._expecting_return = False
        self._lock_watchers = list(lock_watchers)
        self._sleep_watchers = list(sleep_watchers)
        self._settings = settings or MonitorSettings()
        self._monotonic = monotonic
        self._clock_jump = ClockJumpDetector(self._settings.clock_jump_threshold, wall, monotonic)
        self._state = ActivityState.UNKNOWN
        self._asleep = False
        self._last_focus: float | None = None
        self._last_reading: tuple[float, float] | None = None  # (monotonic, idle seconds)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(self._settings.active_poll_ms)
        self._poll_timer.timeout.connect(self.on_poll)
        self._sleep_grace_timer = QTimer(self)
        self._sleep_grace_timer.setSingleShot(True)
        self._sleep_grace_timer.setInterval(self._settings.sleep_grace_ms)
        self._sleep_grace_timer.timeout.connect(self.allow_sleep)
        for lock_watcher in self._lock_watchers:
            lock_watcher.locked_changed.connect(self.on_locked_changed)
        for sleep_watcher in self._sleep_watchers:
            sleep_watcher.about_to_sleep.connect(self.on_about_to_sleep)
            sleep_watcher.resumed.connect(self.on_resumed)

    @property
    def source_name(self) -> str:
        """The name of the idle source in use ("unknown" when none works)."""
        return self._source.name

    def state(self) -> ActivityState:
        """The current state."""
        return self._state

    def app_state(self) -> AppState:
        """The heartbeat's `app_state` for the current state."""
        return self._state.app_state

    def reading(self) -> ActivityReading:
        """The heartbeat's view of this device now (reads the idle time)."""
        return ActivityReading(self._state.app_state, self.idle_seconds())

    def idle_seconds(self) -> float | None:
        """Seconds since the last input (app focus included), or None when unknown."""
        reading = self._source.idle_seconds()
        if reading is None:
            # Focus alone cannot measure idleness: work in other apps would look idle.
            return None
        if self._last_focus is not None:
            reading = min(reading, max(0.0, self._monotonic() - self._last_focus))
        return reading

    def poll_interval_ms(self) -> int:
        """The poll timer's current interval."""
        return self._poll_timer.interval()

    def is_polling(self) -> bool:
        """Whether the poll timer runs."""
        return self._poll_timer.isActive()

    def is_watching_for_idle(self) -> bool:
        """Whether the idle source is to report away_after reached."""
        return self._idle_watching

    def is_watching_for_return(self) -> bool:
        """Whether the idle source is to report the next input (so polling is slow)."""
        return self._watching

    def start(self) -> None:
        """Start the watchers, take a first reading and start polling."""
        for lock_watcher in self._lock_watchers:
            lock_watcher.start()
        for sleep_watcher in self._sleep_watchers:
            sleep_watcher.start()
        self._poll_timer.start()
        self.on_poll()

    def expect_return(self, expecting: bool = True) -> None:
        """The server shows the person idle (or not any more).

        While it does, the next input is a return whatever this monitor's own
        thresholds say (the server's away_after may be shorter than ours), so the
        monitor watches for it as it does while idle, and emits `returned` on it.
        """
        if expecting == self._expecting_return:
            return
        self._expecting_return = expecting
        self._schedule(self.idle_seconds() if self._state is ActivityState.ACTIVE else None)

    def stop(self) -> None:
        """Stop polling and watching, let the system sleep, and close the idle source."""
        self._poll_timer.stop()
        self._stop_watching_for_return()
        self._stop_watching_for_idle()
        self.allow_sleep()
        for lock_watcher in self._lock_watchers:
            lock_watcher.stop()
        for sleep_watcher in self._sleep_watchers:
            sleep_watcher.stop()
        self._source.close()

    def follow_focus(self, application: QGuiApplication) -> None:
        """Count focus moving to one of the application's windows as activity."""
        application.focusWindowChanged.connect(self.on_focus_window_changed)

    @Slot()
    def allow_sleep(self) -> None:
        """Release the suspend delay: the offline heartbeat went out, or time ran out."""
        self._sleep_grace_timer.stop()
        for sleep_watcher in self._sleep_watchers:
            sleep_watcher.allow_sleep()

    @Slot()
    def on_app_focus(self) -> None:
        """One of the app's own windows got focus: that is activity."""
        self._last_focus = self._monotonic()
        self.on_poll()

    @Slot(object)
    def on_focus_window_changed(self, window: QWindow | None) -> None:
        """QGuiApplication.focusWindowChanged: focus moved to one of our windows, or away."""
        if window is not None:
            self.on_app_focus()

    @Slot()
    def on_poll(self) -> None:
        """Take a reading, update the state and choose when to poll next."""
        slept = self._clock_jump.check()
        if slept:
            log.info("wall clock gained %.0f s on the monotonic clock: slept", slept)
            self._fall_asleep()
            self._wake_up()
            return
        idle = self.idle_seconds()
        moved = self._set_state(self._state_for(idle))
        came_back = self._came_back(idle)
        self._schedule(idle)
        if came_back:
            self.returned.emit()
        if moved or came_back:
            self._report(idle)

    @Slot()
    def on_idle_watched(self) -> None:
        """The idle source saw away_after reached, or lost its watch: read it now (the
        next schedule sets a lost watch up again)."""
        self.on_poll()

    @Slot()
    def on_return_watched(self) -> None:
        """The idle source saw input while idle: read it now rather than at the next poll."""
        self._watching = False
        self.on_poll()

    @Slot(bool)
    def on_locked_changed(self, locked: bool) -> None:
        """A lock watcher saw a lock or an unlock."""
        before = self._state
        self.on_poll()
        if not locked and not self._asleep and self._state is not ActivityState.LOCKED:
            self.returned.emit()
            if self._state is before:  # else on_poll has reported it already
                # The reading on_poll just took, rather than asking the OS again.
                self._report(self._last_reading[1] if self._last_reading else None)

    @Slot()
    def on_about_to_sleep(self) -> None:
        """A sleep watcher announced a suspend: go asleep and hold it back briefly."""
        self._fall_asleep()
        self._sleep_grace_timer.start()
        self.about_to_sleep.emit()

    @Slot()
    def on_resumed(self) -> None:
        """A sleep watcher announced the resume (ignored when a clock jump came first)."""
        if self._asleep:
            self._wake_up()

    def _fall_asleep(self) -> None:
        self._asleep = True
        self._last_reading = None
        if self._set_state(ActivityState.ASLEEP):
            self._report(None)

    def _wake_up(self) -> None:
        self._asleep = False
        self._sleep_grace_timer.stop()
        idle = self.idle_seconds()
        self._set_state(self._state_for(idle))
        self._last_reading = None if idle is None else (self._monotonic(), idle)
        self._schedule(idle)
        self.resumed.emit()
        self.returned.emit()
        self._report(idle)

    def _report(self, idle: float | None) -> None:
        self.activity_changed.emit(ActivityReading(self._state.app_state, idle))

    def _state_for(self, idle: float | None) -> ActivityState:
        if self._asleep:
            return ActivityState.ASLEEP
        if any(watcher.is_locked() for watcher in self._lock_watchers):
            return ActivityState.LOCKED
        if idle is None:
            return ActivityState.UNKNOWN
        if idle >= self._settings.away_after:
            return ActivityState.IDLE
        return ActivityState.ACTIVE

    def _came_back(self, idle: float | None) -> bool:
        """Whether input ended an idle stretch the server may have seen.

        That is one longer than the heartbeat interval, or one past away_after, which
        the server turns into away by itself, even when no poll of ours saw it.
        """
        now = self._monotonic()
        previous = self._last_reading
        self._last_reading = None if idle is None else (now, idle)
        if previous is None or idle is None:
            return False
        if self._state not in (ActivityState.ACTIVE, ActivityState.IDLE):
            return False
        previous_time, previous_idle = previous
        # The idle time at the moment input came back, even if no poll saw its peak.
        stretch = previous_idle + (now - previous_time) - idle
        settings = self._settings
        if self._expecting_return and stretch > EXPECTED_RETURN_MIN_STRETCH:
            self._expecting_return = False
            return True
        return stretch > min(settings.heartbeat_interval, settings.away_after)

    def _schedule(self, idle: float | None) -> None:
        settings = self._settings
        expecting = self._expecting_return and self._state is ActivityState.ACTIVE
        if self._state is ActivityState.IDLE or (expecting and idle is not None):
            watched = self._watch_for_return(idle)
            interval = settings.watched_poll_ms if watched else settings.idle_poll_ms
        elif self._state is ActivityState.ACTIVE and idle is not None:
            self._stop_watching_for_return()
            if self._watch_for_idle():
                # The watch says when away_after is reached. The poll stays at the active
                # rate: a return is judged by the stretch between two readings, which a
                # slower poll would overstate while the person works.
                interval = settings.active_poll_ms
            else:
                # Poll again right when away_after would be reached, not up to 5 s later.
                until_idle_ms = int((settings.away_after - idle) * 1000) + 1
                interval = min(settings.active_poll_ms, max(settings.idle_poll_ms, until_idle_ms))
        else:
            self._stop_watching_for_return()
            interval = settings.active_poll_ms
        if interval != self._poll_timer.interval():
            self._poll_timer.setInterval(interval)

    def _watch_for_return(self, idle: float | None) -> bool:
        """Have the source report the next input; whether it will."""
        if self._watching:
            return True
        if self._return_watch is None or idle is None:
            return False
        if not self._return_watch.watch_for_return(self.on_return_watched):
            return False
        # Input between the reading that found us idle and the watch would be reported
        # only at the next input: read again, and keep the fast poll if it came.
        reading = self._source.idle_seconds()
        if reading is None or reading < idle:
            self._return_watch.cancel_return_watch()
            return False
        self._watching = True
        return True

    def _watch_for_idle(self) -> bool:
        """Have the source report away_after reached; whether it will.

        The watch stays for the monitor's life (it fires only when idleness reaches
        away_after, so never while idle); asking again costs the source nothing unless
        the watch was lost.
        """
        if self._idle_watch is not None:
            self._idle_watching = self._idle_watch.watch_for_idle(
                self._settings.away_after, self.on_idle_watched
            )
        return self._idle_watching

    def _stop_watching_for_idle(self) -> None:
        if self._idle_watching and self._idle_watch is not None:
            self._idle_watch.cancel_idle_watch()
        self._idle_watching = False

    def _stop_watching_for_return(self) -> None:
        if self._watching and self._return_watch is not None:
            self._return_watch.cancel_return_watch()
        self._watching = False

    def _set_state(self, state: ActivityState) -> bool:
        """Move to `state`; whether it is a change."""
        if state is self._state:
            return False
        log.info("activity: %s -> %s", self._state.value, state.value)
        self._state = state
        self.state_changed.emit(state.value)
        return True
