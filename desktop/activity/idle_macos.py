"""Idle time on macOS: `CGEventSourceSecondsSinceLastEventType`, no event tap needed."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import math
from collections.abc import Callable

log = logging.getLogger(__name__)

HID_SYSTEM_STATE = 1  # kCGEventSourceStateHIDSystemState
ANY_INPUT_EVENT_TYPE = 0xFFFFFFFF  # kCGAnyInputEventType, ~0 as a 32-bit CGEventType

SecondsSinceLastEvent = Callable[[int, int], float]


def _real_seconds_since_last_event() -> SecondsSinceLastEvent:
    path = (
        ctypes.util.find_library("ApplicationServices")
        or "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
    )
    function = ctypes.CDLL(path).CGEventSourceSecondsSinceLastEventType
    function.restype = ctypes.c_double
    function.argtypes = (ctypes.c_int32, ctypes.c_uint32)

    def seconds_since_last_event(state: int, event_type: int) -> float:
        return float(function(state, event_type))

    return seconds_since_last_event


class MacIdleSource:
    """Seconds since any HID input, as the window server counts them."""

    name = "macos-cgeventsource"

    def __init__(self, seconds_since_last_event: SecondsSinceLastEvent | None = None) -> None:
        self._seconds_since_last_event = (
            seconds_since_last_event or _real_seconds_since_last_event()
        )

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the reading is not a sane number."""
        try:
            seconds = self._seconds_since_last_event(HID_SYSTEM_STATE, ANY_INPUT_EVENT_TYPE)
        except OSError as error:
            log.debug("CGEventSourceSecondsSinceLastEventType failed: %s", error)
            return None
        if not math.isfinite(seconds) or seconds < 0:
            return None
        return seconds

    def close(self) -> None:
        """Nothing to release."""
