"""Idle time on Windows: `GetLastInputInfo` against `GetTickCount`, modulo 2**32."""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_TICK_MODULUS = 2**32


class _LastInputInfo(ctypes.Structure):
    _fields_ = (("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32))


@functools.cache
def _windll(name: str) -> ctypes.CDLL:
    # Only reached on Windows: the defaults are loaded on first use, never at import.
    library: ctypes.CDLL = ctypes.WinDLL(name)  # type: ignore[attr-defined,unused-ignore]
    return library


def _real_get_last_input_info() -> int | None:
    user32 = _windll("user32")
    info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))
    if not user32.GetLastInputInfo(ctypes.byref(info)):
        return None
    return int(info.dwTime)


def _real_get_tick_count() -> int:
    kernel32 = _windll("kernel32")
    kernel32.GetTickCount.restype = ctypes.c_uint32
    return int(kernel32.GetTickCount())


class WindowsIdleSource:
    """Milliseconds between the last input's tick and now, both 32-bit tick counts.

    `LASTINPUTINFO.dwTime` is a 32-bit tick that wraps after 49.7 days, so the
    difference is taken modulo 2**32 (aw-watcher-afk PR #76 fixed the same bug).
    """

    name = "windows-lastinputinfo"

    def __init__(
        self,
        get_last_input_info: Callable[[], int | None] | None = None,
        get_tick_count: Callable[[], int] | None = None,
    ) -> None:
        self._get_last_input_info = get_last_input_info or _real_get_last_input_info
        self._get_tick_count = get_tick_count or _real_get_tick_count

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the call failed."""
        try:
            last_input = self._get_last_input_info()
            now = self._get_tick_count()
        except OSError as error:
            log.debug("GetLastInputInfo failed: %s", error)
            return None
        if last_input is None:
            return None
        return ((now - last_input) % _TICK_MODULUS) / 1000

    def close(self) -> None:
        """Nothing to release."""
