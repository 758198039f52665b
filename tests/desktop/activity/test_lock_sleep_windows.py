"""Windows lock and sleep watchers, fed MSG structs at the ctypes boundary.

None of this has run on Windows: the tests build the MSG struct Qt's window procedure
would hand to the hidden window's nativeEvent, and replace the WTS calls.
"""

from __future__ import annotations

import ctypes
import ctypes.wintypes
import logging
import time
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QByteArray, QTimer
from pytestqt.qtbot import QtBot

from desktop.activity.defaults import lock_and_sleep_watchers
from desktop.activity.lock_sleep_windows import (
    PBT_APMRESUMEAUTOMATIC,
    PBT_APMRESUMESUSPEND,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    WTS_SESSION_UNLOCK,
    MessageWindow,
    PowerBroadcastSleepWatcher,
    WtsLockWatcher,
    decode_message,
)
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.session_events import SessionEvent
from desktop.activity.state import ActivityState
from tests.desktop.activity.sleep_holds import allow_sleep_later

FAST = MonitorSettings(active_poll_ms=50, idle_poll_ms=20, sleep_grace_ms=60_000)
WTS_SESSION_LOGON = 0x5
PBT_APMPOWERSTATUSCHANGE = 0xA
WM_TIMER = 0x0113


class StillIdle:
    """An idle source that always reads 0 s."""

    name = "still"

    def idle_seconds(self) -> float:
        return 0.0

    def close(self) -> None:
        pass


def send_message(
    window: MessageWindow | None,
    message: int,
    wparam: int,
    event_type: bytes = b"windows_generic_MSG",
) -> object:
    """What Qt's window procedure does on Windows: hand the window a MSG* as a VoidPtr."""
    assert window is not None
    msg = ctypes.wintypes.MSG(hwnd=window.handle(), message=message, wParam=wparam, lParam=0)
    pointer = shiboken6.VoidPtr(ctypes.addressof(msg))
    return window.nativeEvent(QByteArray(event_type), pointer)  # type: ignore[arg-type]


class WtsRegistry:
    """Stands in for WTSRegisterSessionNotification and WTSUnRegisterSessionNotification."""

    def __init__(self, succeeds: bool = True) -> None:
        self.succeeds = succeeds
        self.registered: list[int] = []
        self.unregistered: list[int] = []

    def register(self, hwnd: int) -> bool:
        self.registered.append(hwnd)
        return self.succeeds

    def unregister(self, hwnd: int) -> None:
        self.unregistered.append(hwnd)


@pytest.mark.parametrize(
    ("message", "wparam", "event"),
    [
        (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, SessionEvent.LOCKED),
        (WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK, SessionEvent.UNLOCKED),
        (WM_WTSSESSION_CHANGE, WTS_SESSION_LOGON, None),
        (WM_POWERBROADCAST, PBT_APMSUSPEND, SessionEvent.SUSPENDING),
        (WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC, SessionEvent.RESUMED),
        (WM_POWERBROADCAST, PBT_APMRESUMESUSPEND, SessionEvent.RESUMED),
        (WM_POWERBROADCAST, PBT_APMPOWERSTATUSCHANGE, None),
        (WM_TIMER, WTS_SESSION_LOCK, None),
        (WM_TIMER, PBT_APMSUSPEND, None),
    ],
)
def test_windows_message_decoding(message: int, wparam: int, event: SessionEvent | None) -> None:
    assert decode_message(message, wparam) is event


def test_windows_message_constants_are_the_sdk_values() -> None:
    # WinUser.h and WtsApi32.h; a typo here would make the watchers deaf.
    assert (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, WTS_SESSION_UNLOCK) == (0x2B1, 7, 8)
    assert (WM_POWERBROADCAST, PBT_APMSUSPEND) == (0x218, 4)
    assert (PBT_APMRESUMESUSPEND, PBT_APMRESUMEAUTOMATIC) == (7, 0x12)


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("event_type", [b"windows_generic_MSG", b"windows_dispatcher_MSG"])
def test_message_window_reads_the_msg_struct(event_type: bytes) -> None:
    events: list[SessionEvent] = []
    window = MessageWindow(events.append)
    result = send_message(window, WM_POWERBROADCAST, PBT_APMSUSPEND, event_type)
    assert events == [SessionEvent.SUSPENDING]
    assert result == (False, 0), "the message must still reach Qt and DefWindowProc"


@pytest.mark.usefixtures("qapp")
def test_message_window_accepts_a_plain_address() -> None:
    events: list[SessionEvent] = []
    window = MessageWindow(events.append)
    msg = ctypes.wintypes.MSG(message=WM_WTSSESSION_CHANGE, wParam=WTS_SESSION_UNLOCK)
    window.nativeEvent(b"windows_generic_MSG", ctypes.addressof(msg))
    assert events == [SessionEvent.UNLOCKED]


@pytest.mark.usefixtures("qapp")
def test_message_window_ignores_other_native_events() -> None:
    events: list[SessionEvent] = []
    window = MessageWindow(events.append)
    send_message(window, WM_POWERBROADCAST, PBT_APMSUSPEND, b"xcb_generic_event_t")
    send_message(window, WM_TIMER, 0)
    assert events == []


@pytest.fixture
def wts(qapp: object) -> Iterator[tuple[WtsLockWatcher, WtsRegistry]]:
    registry = WtsRegistry()
    watcher = WtsLockWatcher(registry.register, registry.unregister)
    watcher.start()
    yield watcher, registry
    watcher.stop()


def test_wts_lock_watcher_registers_its_own_window(
    wts: tuple[WtsLockWatcher, WtsRegistry],
) -> None:
    watcher, registry = wts
    assert watcher.window is not None
    assert registry.registered == [watcher.window.handle()]
    watcher.stop()
    assert registry.unregistered == registry.registered


def test_wts_lock_and_unlock(qtbot: QtBot, wts: tuple[WtsLockWatcher, WtsRegistry]) -> None:
    watcher, _registry = wts
    assert not watcher.is_locked()
    with qtbot.waitSignal(watcher.locked_changed) as locked:
        send_message(watcher.window, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert locked.args == [True]
    assert watcher.is_locked()
    with qtbot.assertNotEmitted(watcher.locked_changed):
        send_message(watcher.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
        send_message(watcher.window, WM_WTSSESSION_CHANGE, WTS_SESSION_LOGON)
    with qtbot.waitSignal(watcher.locked_changed) as unlocked:
        send_message(watcher.window, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)
    assert unlocked.args == [False]


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("failure", ["returns FALSE", "raises OSError"])
def test_wts_registration_failure_is_logged_and_harmless(
    caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    registry = WtsRegistry(succeeds=False)

    def register(hwnd: int) -> bool:
        if failure == "raises OSError":
            raise OSError("RPC_S_INVALID_BINDING")
        return registry.register(hwnd)

    watcher = WtsLockWatcher(register, registry.unregister)
    with caplog.at_level(logging.INFO, logger="desktop.activity.lock_sleep_windows"):
        watcher.start()
    assert "no WTS session notifications" in caplog.text
    watcher.stop()
    assert registry.unregistered == [], "nothing to unregister"
    assert not watcher.is_locked()


@pytest.fixture
def power(qapp: object) -> Iterator[PowerBroadcastSleepWatcher]:
    watcher = PowerBroadcastSleepWatcher(max_hold_ms=60_000)
    watcher.start()
    yield watcher
    watcher.stop()


def test_suspend_is_held_until_allow_sleep(power: PowerBroadcastSleepWatcher) -> None:
    log: list[str] = []
    power.about_to_sleep.connect(allow_sleep_later(power, log))
    send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
    # The handler returned (so Windows may suspend) only after allow_sleep().
    assert log == ["about_to_sleep", "allow_sleep, holding=True"]
    assert not power.is_holding()


def test_sleep_allowed_at_once_is_not_held(power: PowerBroadcastSleepWatcher) -> None:
    power.about_to_sleep.connect(power.allow_sleep)
    started = time.monotonic()
    send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
    assert time.monotonic() - started < 10, "held for the whole 60 s limit"


@pytest.mark.wall_time
@pytest.mark.usefixtures("qapp")
def test_suspend_hold_ends_by_itself_after_max_hold_ms(caplog: pytest.LogCaptureFixture) -> None:
    watcher = PowerBroadcastSleepWatcher(max_hold_ms=20)
    watcher.start()
    announced: list[str] = []
    watcher.about_to_sleep.connect(lambda: announced.append("about_to_sleep"))
    with caplog.at_level(logging.INFO, logger="desktop.activity.session_events"):
        send_message(watcher.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
    assert announced == ["about_to_sleep"]
    assert "without allow_sleep()" in caplog.text
    watcher.stop()


def test_stop_during_the_hold_lets_the_suspend_go(power: PowerBroadcastSleepWatcher) -> None:
    power.about_to_sleep.connect(lambda: QTimer.singleShot(0, power, power.stop))
    send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
    assert not power.is_holding()
    assert power.window is not None, "the window outlives its own handler"


def test_a_repeated_suspend_inside_the_hold_is_not_announced_twice(
    power: PowerBroadcastSleepWatcher,
) -> None:
    log: list[str] = []

    def announce_again() -> None:
        send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
        power.allow_sleep()

    power.about_to_sleep.connect(lambda: log.append("about_to_sleep"))
    power.about_to_sleep.connect(lambda: QTimer.singleShot(0, power, announce_again))
    send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
    assert log == ["about_to_sleep"]


def test_both_resume_messages_make_one_resumed(
    qtbot: QtBot, power: PowerBroadcastSleepWatcher
) -> None:
    power.about_to_sleep.connect(power.allow_sleep)
    resumes: list[str] = []
    power.resumed.connect(lambda: resumes.append("resumed"))
    with qtbot.assertNotEmitted(power.resumed):
        send_message(power.window, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
    send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
    with qtbot.waitSignal(power.resumed):
        send_message(power.window, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
    send_message(power.window, WM_POWERBROADCAST, PBT_APMRESUMESUSPEND)
    assert resumes == ["resumed"]


def test_monitor_follows_windows_lock_and_sleep(qtbot: QtBot) -> None:
    registry = WtsRegistry()
    lock = WtsLockWatcher(registry.register, registry.unregister)
    power = PowerBroadcastSleepWatcher(max_hold_ms=60_000)
    monitor = ActivityMonitor(StillIdle(), [lock], [power], FAST)
    monitor.start()
    try:
        send_message(lock.window, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
        assert monitor.app_state() == "background"
        with qtbot.waitSignal(monitor.returned):
            send_message(lock.window, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)
        assert monitor.state() is ActivityState.ACTIVE

        states: list[str] = []
        # The app sends the offline heartbeat, and allows the sleep once it went out.
        monitor.about_to_sleep.connect(lambda: states.append(monitor.app_state()))
        monitor.about_to_sleep.connect(lambda: QTimer.singleShot(0, monitor, monitor.allow_sleep))
        send_message(power.window, WM_POWERBROADCAST, PBT_APMSUSPEND)
        assert states == ["offline"]
        assert monitor.state() is ActivityState.ASLEEP
        with qtbot.waitSignals([monitor.resumed, monitor.returned]):
            send_message(power.window, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
        assert monitor.state() is ActivityState.ACTIVE
    finally:
        monitor.stop()
    assert registry.unregistered == registry.registered


@pytest.mark.usefixtures("qapp")
def test_windows_gets_these_watchers_without_touching_the_os() -> None:
    lock_watchers, sleep_watchers = lock_and_sleep_watchers("win32")
    assert [type(watcher) for watcher in lock_watchers] == [WtsLockWatcher]
    assert [type(watcher) for watcher in sleep_watchers] == [PowerBroadcastSleepWatcher]
