"""macOS lock and sleep watchers, fed notifications by stand-in notification centers.

None of this has run on macOS: the Objective-C bridge is replaced by FakeObserver.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import pytest
from pytestqt.qtbot import QtBot

from desktop.activity.defaults import lock_and_sleep_watchers
from desktop.activity.lock_sleep_macos import (
    ScreenLockWatcher,
    WorkspaceSleepWatcher,
    decode_notification,
)
from desktop.activity.objc_notifications import Center, ObjCNotificationObserver, OnNotification
from desktop.activity.session_events import SessionEvent
from tests.desktop.activity.sleep_holds import allow_sleep_later

LOCKED = "com.apple.screenIsLocked"
UNLOCKED = "com.apple.screenIsUnlocked"
WILL_SLEEP = "NSWorkspaceWillSleepNotification"
DID_WAKE = "NSWorkspaceDidWakeNotification"


class FakeCenters:
    """Stands in for NSDistributedNotificationCenter and NSWorkspace's center."""

    def __init__(self) -> None:
        self.observers: list[FakeObserver] = []

    def observer(self) -> FakeObserver:
        observer = FakeObserver()
        self.observers.append(observer)
        return observer

    def post(self, center: Center, name: str) -> None:
        for observer in self.observers:
            if (center, name) in observer.observing:
                observer.on_notification(name)


class FakeObserver:
    """What the watchers see of ObjCNotificationObserver."""

    def __init__(self) -> None:
        self.observing: set[tuple[Center, str]] = set()
        self.on_notification: OnNotification = lambda _name: None

    def observe(
        self, center: Center, names: Sequence[str], on_notification: OnNotification
    ) -> None:
        self.observing |= {(center, name) for name in names}
        self.on_notification = on_notification

    def close(self) -> None:
        self.observing.clear()


@pytest.mark.parametrize(
    ("name", "event"),
    [
        (LOCKED, SessionEvent.LOCKED),
        (UNLOCKED, SessionEvent.UNLOCKED),
        (WILL_SLEEP, SessionEvent.SUSPENDING),
        (DID_WAKE, SessionEvent.RESUMED),
        ("NSWorkspaceScreensDidSleepNotification", None),
        ("com.apple.screensaver.didstart", None),
    ],
)
def test_macos_notification_decoding(name: str, event: SessionEvent | None) -> None:
    assert decode_notification(name) is event


@pytest.mark.usefixtures("qapp")
def test_macos_watchers_observe_the_right_centers() -> None:
    centers = FakeCenters()
    lock = ScreenLockWatcher(centers.observer)
    sleep = WorkspaceSleepWatcher(centers.observer)
    lock.start()
    sleep.start()
    lock_observer, sleep_observer = centers.observers
    assert lock_observer.observing == {(Center.DISTRIBUTED, LOCKED), (Center.DISTRIBUTED, UNLOCKED)}
    assert sleep_observer.observing == {
        (Center.WORKSPACE, WILL_SLEEP),
        (Center.WORKSPACE, DID_WAKE),
    }
    lock.stop()
    sleep.stop()
    assert not lock_observer.observing
    assert not sleep_observer.observing


def test_macos_lock_and_unlock(qtbot: QtBot) -> None:
    centers = FakeCenters()
    watcher = ScreenLockWatcher(centers.observer)
    watcher.start()
    with qtbot.waitSignal(watcher.locked_changed) as locked:
        centers.post(Center.DISTRIBUTED, LOCKED)
    assert locked.args == [True]
    with qtbot.assertNotEmitted(watcher.locked_changed):
        centers.post(Center.DISTRIBUTED, LOCKED)
        centers.post(Center.WORKSPACE, UNLOCKED)  # not a center the watcher observes
    with qtbot.waitSignal(watcher.locked_changed) as unlocked:
        centers.post(Center.DISTRIBUTED, UNLOCKED)
    assert unlocked.args == [False]
    watcher.stop()


def test_macos_will_sleep_is_held_until_allow_sleep_then_wakes(qtbot: QtBot) -> None:
    centers = FakeCenters()
    watcher = WorkspaceSleepWatcher(centers.observer, max_hold_ms=60_000)
    watcher.start()
    log: list[str] = []
    watcher.about_to_sleep.connect(allow_sleep_later(watcher, log))
    centers.post(Center.WORKSPACE, WILL_SLEEP)
    assert log == ["about_to_sleep", "allow_sleep, holding=True"]
    with qtbot.waitSignal(watcher.resumed):
        centers.post(Center.WORKSPACE, DID_WAKE)
    watcher.stop()


@pytest.mark.usefixtures("qapp")
def test_macos_watchers_without_a_bridge_stay_inert(caplog: pytest.LogCaptureFixture) -> None:
    def no_runtime() -> FakeObserver:
        raise OSError("dlopen(/usr/lib/libobjc.A.dylib) failed")

    lock = ScreenLockWatcher(no_runtime)
    sleep = WorkspaceSleepWatcher(no_runtime)
    with caplog.at_level(logging.INFO, logger="desktop.activity.lock_sleep_macos"):
        lock.start()
        sleep.start()
    assert caplog.text.count("libobjc.A.dylib") == 2
    lock.stop()
    sleep.stop()
    assert not lock.is_locked()


@pytest.mark.skipif(sys.platform == "darwin", reason="the Objective-C runtime is there")
def test_the_real_bridge_fails_cleanly_without_the_objective_c_runtime() -> None:
    with pytest.raises(OSError, match=r"libobjc\.A\.dylib"):
        ObjCNotificationObserver()


@pytest.mark.usefixtures("qapp")
def test_macos_gets_these_watchers_without_touching_the_os() -> None:
    lock_watchers, sleep_watchers = lock_and_sleep_watchers("darwin")
    assert [type(watcher) for watcher in lock_watchers] == [ScreenLockWatcher]
    assert [type(watcher) for watcher in sleep_watchers] == [WorkspaceSleepWatcher]
