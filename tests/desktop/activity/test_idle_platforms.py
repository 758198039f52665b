"""Windows and macOS idle math at the ctypes boundary (never run on those OSes here)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.activity.idle_macos import ANY_INPUT_EVENT_TYPE, HID_SYSTEM_STATE, MacIdleSource
from desktop.activity.idle_windows import WindowsIdleSource

TICKS = st.integers(min_value=0, max_value=2**32 - 1)


def windows(last_input: int | None, now: int) -> WindowsIdleSource:
    return WindowsIdleSource(get_last_input_info=lambda: last_input, get_tick_count=lambda: now)


def test_windows_idle_is_the_tick_difference_in_seconds() -> None:
    assert windows(10_000, 25_500).idle_seconds() == 15.5


def test_windows_idle_survives_the_32_bit_tick_wrap() -> None:
    # Input 1 s before the 49.7-day wrap, read 2 s after it.
    assert windows(2**32 - 1000, 2000).idle_seconds() == 3.0


@given(last_input=TICKS, idle_ms=st.integers(min_value=0, max_value=2**31))
def test_windows_idle_is_right_wherever_the_wrap_falls(last_input: int, idle_ms: int) -> None:
    now = (last_input + idle_ms) % 2**32
    assert windows(last_input, now).idle_seconds() == idle_ms / 1000


def test_windows_failed_call_is_unknown() -> None:
    assert windows(None, 5000).idle_seconds() is None


def test_windows_os_error_is_unknown() -> None:
    def failing() -> int:
        raise OSError("user32 unavailable")

    assert WindowsIdleSource(lambda: 0, failing).idle_seconds() is None


def test_macos_asks_for_any_input_from_the_hid_system_state() -> None:
    calls: list[tuple[int, int]] = []

    def seconds_since_last_event(state: int, event_type: int) -> float:
        calls.append((state, event_type))
        return 42.5

    assert MacIdleSource(seconds_since_last_event).idle_seconds() == 42.5
    assert calls == [(1, 0xFFFFFFFF)]
    assert (HID_SYSTEM_STATE, ANY_INPUT_EVENT_TYPE) == (1, 2**32 - 1)


@pytest.mark.parametrize("reading", [math.nan, math.inf, -1.0])
def test_macos_insane_reading_is_unknown(reading: float) -> None:
    assert MacIdleSource(lambda _state, _type: reading).idle_seconds() is None


def test_macos_os_error_is_unknown() -> None:
    def failing(_state: int, _type: int) -> float:
        raise OSError("no ApplicationServices")

    assert MacIdleSource(failing).idle_seconds() is None
