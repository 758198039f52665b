"""The real sources for the current OS, in the order DESIGN.md section 5 gives."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection

from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.probe import IdleSourceFactory, probe_idle_source
from desktop.activity.watchers import LockWatcher, SleepWatcher


def idle_candidates(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    session_bus: QDBusConnection | None = None,
) -> list[IdleSourceFactory]:
    """The idle sources worth probing on this platform and session, best first."""
    if platform == "win32":
        from desktop.activity.idle_windows import WindowsIdleSource

        return [WindowsIdleSource]
    if platform == "darwin":
        # Never pynput on macOS: a listener started after the QApplication crashes (pynput #511).
        from desktop.activity.idle_macos import MacIdleSource

        return [MacIdleSource]
    from desktop.activity.idle_dbus import MutterIdleSource, ScreenSaverIdleSource

    bus = session_bus if session_bus is not None else QDBusConnection.sessionBus()
    candidates: list[IdleSourceFactory] = [functools.partial(MutterIdleSource, bus)]
    display = environ.get("DISPLAY")
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" or bool(environ.get("WAYLAND_DISPLAY"))
    if environ.get("WAYLAND_DISPLAY"):
        from desktop.activity.idle_wayland import ExtIdleNotifySource

        # The compositor's own protocol, before KDE's ScreenSaver API, whose unit is
        # not documented (Plasma 5.27 and later offer both).
        candidates.append(functools.partial(ExtIdleNotifySource, environ["WAYLAND_DISPLAY"]))
    candidates.append(functools.partial(ScreenSaverIdleSource, bus))
    if display and not wayland:
        from desktop.activity.idle_pynput import PynputIdleSource
        from desktop.activity.idle_x11 import XScreenSaverIdleSource

        # On Wayland XWayland's idle counter and pynput see only XWayland clients: wrong
        # answers are worse than "unknown" (pynput #304).
        candidates += [functools.partial(XScreenSaverIdleSource, display), PynputIdleSource]
    return candidates


def lock_and_sleep_watchers(
    platform: str = sys.platform,
    session_bus: QDBusConnection | None = None,
    system_bus: QDBusConnection | None = None,
) -> tuple[list[LockWatcher], list[SleepWatcher]]:
    """The lock and sleep watchers this platform has; elsewhere only clock jumps count.

    Building them touches no OS API: that waits for start().
    """
    if platform == "win32":
        from desktop.activity.lock_sleep_windows import PowerBroadcastSleepWatcher, WtsLockWatcher

        return [WtsLockWatcher()], [PowerBroadcastSleepWatcher()]
    if platform == "darwin":
        from desktop.activity.lock_sleep_macos import ScreenLockWatcher, WorkspaceSleepWatcher

        return [ScreenLockWatcher()], [WorkspaceSleepWatcher()]
    if not platform.startswith("linux"):
        return [], []
    from desktop.activity.logind import LogindLockWatcher, LogindSleepWatcher
    from desktop.activity.screensaver_lock import ScreenSaverLockWatcher

    session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
    system = system_bus if system_bus is not None else QDBusConnection.systemBus()
    return (
        [LogindLockWatcher(system), ScreenSaverLockWatcher(session)],
        [LogindSleepWatcher(system)],
    )


def default_monitor(
    parent: QObject | None = None, settings: MonitorSettings | None = None
) -> ActivityMonitor:
    """Probe the real idle source and build a monitor with this OS's watchers."""
    source = probe_idle_source(idle_candidates())
    lock_watchers, sleep_watchers = lock_and_sleep_watchers()
    return ActivityMonitor(source, lock_watchers, sleep_watchers, settings, parent=parent)
