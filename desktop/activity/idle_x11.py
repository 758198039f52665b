"""Idle time from the X server's MIT-SCREEN-SAVER extension (libXss), for X11 sessions."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

log = logging.getLogger(__name__)


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


class XServerUnavailable(OSError):
    """libX11/libXss is missing, the display cannot be opened, or it lacks the extension."""


def _load(name: str, fallback: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name) or fallback
    try:
        return ctypes.CDLL(path)
    except OSError as error:
        raise XServerUnavailable(f"cannot load {path}: {error}") from error


class XScreenSaverIdleSource:
    """`XScreenSaverQueryInfo` on one display connection, opened once and closed by close()."""

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
        self.display_name = display

    def _declare(self) -> None:
        xlib, xss = self._xlib, self._xss
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        xlib.XFree.argtypes = (ctypes.c_void_p,)
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
        return float(self._info.contents.idle) / 1000

    def close(self) -> None:
        """Free the info struct and close the display connection (idempotent)."""
        if self._display:
            self._xlib.XFree(self._info)
            self._xlib.XCloseDisplay(self._display)
            self._display = None
