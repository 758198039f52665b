"""Lock and sleep on Windows: WTS session changes and WM_POWERBROADCAST on a hidden window."""

from __future__ import annotations

import ctypes
import ctypes.wintypes
import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtGui import QWindow

from desktop.activity.idle_windows import _windll
from desktop.activity.session_events import (
    AnnouncedLockWatcher,
    AnnouncedSleepWatcher,
    SessionEvent,
)

log = logging.getLogger(__name__)

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
PBT_APMRESUMESUSPEND = 0x7
PBT_APMRESUMEAUTOMATIC = 0x12
NOTIFY_FOR_THIS_SESSION = 0

# Windows allows "approximately two seconds" to handle PBT_APMSUSPEND.
SUSPEND_HOLD_MS = 1500

_EVENTS = {
    (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK): SessionEvent.LOCKED,
    (WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK): SessionEvent.UNLOCKED,
    (WM_POWERBROADCAST, PBT_APMSUSPEND): SessionEvent.SUSPENDING,
    (WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC): SessionEvent.RESUMED,
    (WM_POWERBROADCAST, PBT_APMRESUMESUSPEND): SessionEvent.RESUMED,
}
# Qt's window procedure passes "windows_generic_MSG". The dispatcher's name for posted
# messages is accepted too: it costs nothing should a Qt version pass that one here.
_MSG_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

RegisterSessionNotification = Callable[[int], bool]
UnregisterSessionNotification = Callable[[int], None]


def decode_message(message: int, wparam: int) -> SessionEvent | None:
    """What a window message means for the session, or None when it means nothing here."""
    return _EVENTS.get((message, wparam))


def _real_register_session_notification(hwnd: int) -> bool:
    function = _windll("wtsapi32").WTSRegisterSessionNotification
    function.argtypes = (ctypes.c_void_p, ctypes.c_uint32)
    return bool(function(hwnd, NOTIFY_FOR_THIS_SESSION))


def _real_unregister_session_notification(hwnd: int) -> None:
    function = _windll("wtsapi32").WTSUnRegisterSessionNotification
    function.argtypes = (ctypes.c_void_p,)
    function(hwnd)


class MessageWindow(QWindow):
    """A top-level window that is never shown, and hands on the events its messages mean.

    Windows broadcasts WM_POWERBROADCAST to every top-level window, hidden ones too, but
    not to message-only windows; WTS notifications go to a registered window. Qt's
    window procedure hands each message to `nativeEvent` before it handles it itself.
    """

    def __init__(self, on_event: Callable[[SessionEvent], None]) -> None:
        super().__init__()
        self._on_event = on_event

    def handle(self) -> int:
        """The HWND, created on first use."""
        return int(self.winId())

    def nativeEvent(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        """Read the MSG; never claim it, so Qt and DefWindowProc still see it."""
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind in _MSG_EVENT_TYPES:
            # PySide6 passes a shiboken6.VoidPtr, not the int its stub says: int() takes both.
            msg = ctypes.wintypes.MSG.from_address(int(message))
            event = decode_message(msg.message, msg.wParam)
            if event is not None:
                self._on_event(event)
        return False, 0


class WtsLockWatcher(AnnouncedLockWatcher):
    """`WM_WTSSESSION_CHANGE` with `WTS_SESSION_LOCK` / `WTS_SESSION_UNLOCK`."""

    def __init__(
        self,
        register: RegisterSessionNotification | None = None,
        unregister: UnregisterSessionNotification | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._register = register or _real_register_session_notification
        self._unregister = unregister or _real_unregister_session_notification
        self.window: MessageWindow | None = None
        self._registered = False

    def start(self) -> None:
        """Create the hidden window and register it for this session's notifications."""
        if self.window is None:
            self.window = MessageWindow(self.on_session_event)
        try:
            self._registered = self._register(self.window.handle())
        except OSError as error:
            log.info("WTSRegisterSessionNotification failed: %s", error)
            self._registered = False
        if not self._registered:
            # It fails when called before Remote Desktop Services run, early at boot.
            log.info("no WTS session notifications: a lock shows only as idle time")

    def stop(self) -> None:
        """Unregister, but keep the window (see PowerBroadcastSleepWatcher.stop)."""
        if self.window is not None and self._registered:
            self._unregister(self.window.handle())
            self._registered = False


class PowerBroadcastSleepWatcher(AnnouncedSleepWatcher):
    """`WM_POWERBROADCAST`: `PBT_APMSUSPEND`, then `PBT_APMRESUMEAUTOMATIC` / `...SUSPEND`."""

    def __init__(self, max_hold_ms: int = SUSPEND_HOLD_MS, parent: QObject | None = None) -> None:
        super().__init__(max_hold_ms, parent)
        self.window: MessageWindow | None = None

    def start(self) -> None:
        """Create the hidden window: the broadcast reaches it without registering."""
        if self.window is None:
            self.window = MessageWindow(self.on_session_event)
            self.window.handle()

    def stop(self) -> None:
        """Let a held suspend go ahead, and keep the window.

        stop() may run inside the window's own message handler (during the hold, or when
        the app quits on an event), and Qt still uses the window after the handler
        returns: deleting it here would pull it from under Qt.
        """
        super().stop()
