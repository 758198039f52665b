"""Idle time from the X server's MIT-SCREEN-SAVER extension (libXss), for X11 sessions.

The next input after an idle stretch comes from the SYNC extension (libXext): an alarm
on the server's IDLETIME counter, which fires when the counter drops back towards 0.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier, QTimer

log = logging.getLogger(__name__)

# From <X11/extensions/sync.h> and <X11/Xlib.h>.
XSYNC_ALARM_NOTIFY = 1  # event offset from the extension's event base
XSYNC_ABSOLUTE = 0  # XSyncValueType
XSYNC_NEGATIVE_TRANSITION = 1  # XSyncTestType
XSYNC_ALARM_DESTROYED = 2  # XSyncAlarmState
XSYNC_ALL_ALARM_ATTRIBUTES = 0x3F  # XSyncCACounter | ValueType | Value | TestType | Delta | Events
QUEUED_ALREADY = 0  # XEventsQueued mode: count the queue, read nothing


class XScreenSaverInfo(ctypes.Structure):
    """The `XScreenSaverInfo` struct of <X11/extensions/scrnsaver.h>."""

    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    )


class XSyncValue(ctypes.Structure):
    """A 64-bit SYNC value as two halves."""

    _fields_ = (("hi", ctypes.c_int), ("lo", ctypes.c_uint))


class XSyncTrigger(ctypes.Structure):
    _fields_ = (
        ("counter", ctypes.c_ulong),
        ("value_type", ctypes.c_int),
        ("wait_value", XSyncValue),
        ("test_type", ctypes.c_int),
    )


class XSyncAlarmAttributes(ctypes.Structure):
    _fields_ = (
        ("trigger", XSyncTrigger),
        ("delta", XSyncValue),
        ("events", ctypes.c_int),
        ("state", ctypes.c_int),
    )


class XSyncSystemCounter(ctypes.Structure):
    _fields_ = (("name", ctypes.c_char_p), ("counter", ctypes.c_ulong), ("resolution", XSyncValue))


class XSyncAlarmNotifyEvent(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("alarm", ctypes.c_ulong),
        ("counter_value", XSyncValue),
        ("alarm_value", XSyncValue),
        ("time", ctypes.c_ulong),
        ("state", ctypes.c_int),
    )


class XEvent(ctypes.Union):
    """Xlib's XEvent: 24 longs, of which only the type and the SYNC alarm event are read."""

    _fields_ = (
        ("type", ctypes.c_int),
        ("alarm", XSyncAlarmNotifyEvent),
        ("pad", ctypes.c_long * 24),
    )


class XServerUnavailable(OSError):
    """libX11/libXss is missing, the display cannot be opened, or it lacks the extension."""


def _load(name: str, fallback: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name) or fallback
    try:
        return ctypes.CDLL(path)
    except OSError as error:
        raise XServerUnavailable(f"cannot load {path}: {error}") from error


class IdleTimeAlarm:
    """A SYNC alarm that fires at the next input: IDLETIME falling to 1 ms or below.

    It shares the caller's Xlib display connection, whose events it reads.
    """

    def __init__(self, xlib: ctypes.CDLL, display: int) -> None:
        self._xlib = xlib
        self._display = display
        self._xext = _load("Xext", "libXext.so.6")
        self._declare()
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xext.XSyncQueryExtension(
            display, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            raise XServerUnavailable("no SYNC extension")
        major, minor = ctypes.c_int(), ctypes.c_int()
        if not self._xext.XSyncInitialize(display, ctypes.byref(major), ctypes.byref(minor)):
            raise XServerUnavailable("SYNC did not initialize")
        self._notify_type = event_base.value + XSYNC_ALARM_NOTIFY
        self._attributes = self._user_active_trigger(self._idle_time_counter())
        self._event = XEvent()
        self._alarm = 0  # XSyncAlarm; 0 (None) when not armed

    def _declare(self) -> None:
        xlib, xext = self._xlib, self._xext
        xlib.XPending.argtypes = (ctypes.c_void_p,)
        xlib.XNextEvent.argtypes = (ctypes.c_void_p, ctypes.POINTER(XEvent))
        xlib.XFlush.argtypes = (ctypes.c_void_p,)
        xext.XSyncQueryExtension.argtypes = (
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        )
        xext.XSyncInitialize.argtypes = xext.XSyncQueryExtension.argtypes
        xext.XSyncListSystemCounters.restype = ctypes.POINTER(XSyncSystemCounter)
        xext.XSyncListSystemCounters.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.c_int))
        xext.XSyncFreeSystemCounterList.argtypes = (ctypes.POINTER(XSyncSystemCounter),)
        xext.XSyncCreateAlarm.restype = ctypes.c_ulong
        xext.XSyncCreateAlarm.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(XSyncAlarmAttributes),
        )
        xext.XSyncDestroyAlarm.argtypes = (ctypes.c_void_p, ctypes.c_ulong)

    def _idle_time_counter(self) -> int:
        count = ctypes.c_int()
        counters = self._xext.XSyncListSystemCounters(self._display, ctypes.byref(count))
        if not counters:
            raise XServerUnavailable("SYNC lists no system counters")
        try:
            for index in range(count.value):
                if counters[index].name == b"IDLETIME":
                    return int(counters[index].counter)
        finally:
            self._xext.XSyncFreeSystemCounterList(counters)
        raise XServerUnavailable("SYNC has no IDLETIME counter")

    @staticmethod
    def _user_active_trigger(counter: int) -> XSyncAlarmAttributes:
        attributes = XSyncAlarmAttributes()
        attributes.trigger.counter = counter
        attributes.trigger.value_type = XSYNC_ABSOLUTE
        # The server reads IDLETIME when the alarm is set, so input any time after that
        # (idle time back to 0 from above 1 ms) is a negative transition through 1.
        attributes.trigger.wait_value = XSyncValue(0, 1)
        attributes.trigger.test_type = XSYNC_NEGATIVE_TRANSITION
        attributes.delta = XSyncValue(0, 0)
        attributes.events = True
        return attributes

    @property
    def armed(self) -> bool:
        """Whether an alarm is set and has not fired."""
        return self._alarm != 0

    def arm(self) -> bool:
        """Set the alarm (one request, no round trip); False if Xlib could not build it."""
        if not self._alarm:
            self._alarm = int(
                self._xext.XSyncCreateAlarm(
                    self._display, XSYNC_ALL_ALARM_ATTRIBUTES, ctypes.byref(self._attributes)
                )
            )
            self._xlib.XFlush(self._display)
        return self.armed

    def disarm(self) -> None:
        """Destroy the alarm. It stays active after firing, so each input would fire it."""
        if self._alarm:
            self._xext.XSyncDestroyAlarm(self._display, self._alarm)
            self._xlib.XFlush(self._display)
            self._alarm = 0

    def read_events(self) -> bool:
        """Read every event that came; whether the armed alarm fired (it is then disarmed)."""
        fired = False
        event = self._event
        while self._xlib.XPending(self._display):
            self._xlib.XNextEvent(self._display, ctypes.byref(event))
            # Other events on this connection: the Destroyed notice of earlier alarms.
            fired = fired or (
                event.type == self._notify_type
                and self._alarm != 0
                and event.alarm.alarm == self._alarm
                and event.alarm.state != XSYNC_ALARM_DESTROYED
            )
        if fired:
            self.disarm()
        return fired


class XScreenSaverIdleSource:
    """`XScreenSaverQueryInfo` on one display connection, opened once and closed by close().

    It is a ReturnWatch where the server has the SYNC extension (every Xorg and Xvfb).
    """

    name = "xscreensaver"

    def __init__(self, display: str | None = None) -> None:
        display = display if display is not None else os.environ.get("DISPLAY")
        if not display:
            raise XServerUnavailable("DISPLAY is not set: not an X11 session")
        self._xlib = _load("X11", "libX11.so.6")
        self._xss = _load("Xss", "libXss.so.1")
        self._declare()
        self._display = self._xlib.XOpenDisplay(display.encode())
        if not self._display:
            raise XServerUnavailable(f"cannot open display {display}")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(
            self._display, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            self._xlib.XCloseDisplay(self._display)
            raise XServerUnavailable(f"{display} has no MIT-SCREEN-SAVER extension")
        self._root = self._xlib.XDefaultRootWindow(self._display)
        self._info = self._xss.XScreenSaverAllocInfo()
        self._info_contents = self._info.contents
        self.display_name = display
        self._alarm: IdleTimeAlarm | None
        try:
            self._alarm = IdleTimeAlarm(self._xlib, self._display)
        except XServerUnavailable as error:
            log.info("no watch for input on %s, only polling: %s", display, error)
            self._alarm = None
        self._notifier: QSocketNotifier | None = None
        self._on_return: Callable[[], None] | None = None

    def _declare(self) -> None:
        xlib, xss = self._xlib, self._xss
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        xlib.XFree.argtypes = (ctypes.c_void_p,)
        xlib.XConnectionNumber.argtypes = (ctypes.c_void_p,)
        xlib.XEventsQueued.argtypes = (ctypes.c_void_p, ctypes.c_int)
        xss.XScreenSaverQueryExtension.argtypes = (
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        )
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(XScreenSaverInfo),
        )

    def idle_seconds(self) -> float | None:
        """Seconds since the last input on this display, or None after close()."""
        if not self._display:
            return None
        # A dead X server makes Xlib call its fatal IO error handler, which exits the
        # process; Qt's own X connection dies the same way, so there is nothing to save.
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            log.debug("XScreenSaverQueryInfo failed on %s", self.display_name)
            return None
        if self._on_return is not None and self._xlib.XEventsQueued(self._display, QUEUED_ALREADY):
            # Reading the reply queued an event that came with it, so the socket has
            # nothing left to wake the notifier: read it from the event loop.
            QTimer.singleShot(0, self._on_readable)
        return float(self._info_contents.idle) / 1000

    def watch_for_return(self, on_return: Callable[[], None]) -> bool:
        """Set the IDLETIME alarm; False without the SYNC extension or after close()."""
        if self._alarm is None or not self._display:
            return False
        if self._notifier is None:
            self._notifier = QSocketNotifier(
                self._xlib.XConnectionNumber(self._display), QSocketNotifier.Type.Read
            )
            self._notifier.activated.connect(self._on_readable)
        if not self._alarm.arm():
            return False
        self._on_return = on_return
        return True

    def cancel_return_watch(self) -> None:
        """Destroy the alarm; nothing is called."""
        self._on_return = None
        if self._alarm is not None and self._display:
            self._alarm.disarm()

    def _on_readable(self) -> None:
        if self._alarm is None or not self._display:
            return
        if self._alarm.read_events():
            on_return, self._on_return = self._on_return, None
            if on_return is not None:
                on_return()

    def close(self) -> None:
        """Free the info struct and close the display connection (idempotent)."""
        self._on_return = None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.activated.disconnect(self._on_readable)
            self._notifier = None
        if self._display:
            self._xlib.XFree(self._info)
            self._xlib.XCloseDisplay(self._display)
            self._display = None
