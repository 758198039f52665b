"""CallSignal: the debounce on an injected clock, combining devices, and its threads."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from desktop.signals.call_reading import CallReading, DeviceUse, no_method, not_read_yet
from desktop.signals.call_signal import (
    CallReaders,
    CallSignal,
    Debounce,
    PolledWatcher,
    default_call_readers,
)
from desktop.signals.calls_macos import MacCamera
from desktop.signals.camera_linux import ProcCameraScan
from desktop.signals.microphone_pulse import PulseMicrophone
from tests.support.clocks import ManualClock
from tests.support.waiting import WAIT_MS

FREE = DeviceUse(False)
USED = DeviceUse(True)


def test_the_debounce_turns_on_only_after_a_capture_lasted() -> None:
    clock = ManualClock()
    debounce = Debounce(3.0, clock)
    assert debounce.update(True) is False
    assert debounce.remaining() == 3.0
    clock.now += 2.9
    assert debounce.update(True) is False
    clock.now += 0.1
    assert debounce.update(True) is True
    assert debounce.remaining() is None
    assert debounce.update(False) is False, "off at once"
    assert debounce.remaining() is None


@given(st.lists(st.floats(min_value=0.0, max_value=2.99), min_size=1, max_size=20))
def test_a_flicker_shorter_than_on_after_never_turns_on(gaps: list[float]) -> None:
    clock = ManualClock()
    debounce = Debounce(3.0, clock)
    for gap in gaps:
        assert debounce.update(True) is False
        clock.now += gap
        assert debounce.update(True) is False
        assert debounce.update(False) is False


class ScriptedWatcher:
    """Reports what the test puts in, on the signal's worker thread."""

    def __init__(self) -> None:
        self.uses: queue.Queue[DeviceUse | None] = queue.Queue()
        self.thread: threading.Thread | None = None

    def run(self, report: Callable[[DeviceUse], None], stopping: threading.Event) -> None:
        self.thread = threading.current_thread()
        while not stopping.is_set():
            use = self.uses.get()
            if use is not None:
                report(use)

    def wake(self) -> None:
        self.uses.put(None)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def devices() -> tuple[ScriptedWatcher, ScriptedWatcher]:
    return ScriptedWatcher(), ScriptedWatcher()


@pytest.fixture
def signal(
    devices: tuple[ScriptedWatcher, ScriptedWatcher], clock: ManualClock
) -> Iterator[CallSignal]:
    microphone, camera = devices
    signal = CallSignal(CallReaders(microphone, camera), on_after=3.0, clock=clock)
    signal.start()
    yield signal
    signal.stop()
    assert signal.join(5.0)


def told(qtbot: QtBot, signal: CallSignal, watcher: ScriptedWatcher, use: DeviceUse) -> None:
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS):
        watcher.uses.put(use)


def test_a_call_comes_on_after_the_debounce_and_goes_off_at_once(
    qtbot: QtBot,
    signal: CallSignal,
    devices: tuple[ScriptedWatcher, ScriptedWatcher],
    clock: ManualClock,
) -> None:
    microphone, camera = devices
    assert signal.reading == not_read_yet()
    told(qtbot, signal, microphone, FREE)
    told(qtbot, signal, camera, FREE)
    assert signal.reading == CallReading(True, False, False, False, None)
    told(qtbot, signal, microphone, USED)
    assert signal.reading == CallReading(True, False, True, False, None)
    assert signal.debounce_timer.isActive()
    assert signal.debounce_timer.interval() == 3000
    clock.now += 3.0
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS):
        signal.on_debounce_due()  # as the timer would
    assert signal.reading == CallReading(True, True, True, False, None)
    assert not signal.debounce_timer.isActive()
    # The camera joining and the microphone leaving: one capture, never a break.
    told(qtbot, signal, camera, USED)
    told(qtbot, signal, microphone, FREE)
    assert signal.reading == CallReading(True, True, False, True, None)
    told(qtbot, signal, camera, FREE)
    assert signal.reading == CallReading(True, False, False, False, None)


def test_a_short_capture_never_makes_a_call(
    qtbot: QtBot,
    signal: CallSignal,
    devices: tuple[ScriptedWatcher, ScriptedWatcher],
    clock: ManualClock,
) -> None:
    microphone, _ = devices
    told(qtbot, signal, microphone, USED)
    clock.now += 2.0
    told(qtbot, signal, microphone, FREE)
    assert not signal.debounce_timer.isActive()
    told(qtbot, signal, microphone, USED)
    clock.now += 2.0
    signal.on_debounce_due()
    assert signal.reading.in_call is False
    assert signal.debounce_timer.interval() == 1000  # what is left of the new capture


def test_one_unreadable_device_is_named_and_both_make_it_unavailable(
    qtbot: QtBot, signal: CallSignal, devices: tuple[ScriptedWatcher, ScriptedWatcher]
) -> None:
    microphone, camera = devices
    no_camera = DeviceUse(None, "The camera cannot be checked: no camera device is present.")
    no_server = DeviceUse(None, "The microphone cannot be checked: no sound server answers.")
    told(qtbot, signal, camera, no_camera)
    told(qtbot, signal, microphone, FREE)
    assert signal.reading == CallReading(True, False, False, None, no_camera.problem)
    told(qtbot, signal, microphone, no_server)
    assert signal.reading == CallReading(
        False, False, None, None, f"{no_server.problem} {no_camera.problem}"
    )


def test_stop_ends_the_threads_and_drops_late_reports(
    qtbot: QtBot, devices: tuple[ScriptedWatcher, ScriptedWatcher], clock: ManualClock
) -> None:
    microphone, camera = devices
    signal = CallSignal(CallReaders(microphone, camera), clock=clock)
    signal.start()
    told(qtbot, signal, microphone, FREE)
    threads = [microphone.thread, camera.thread]
    signal.stop()
    assert signal.join(5.0)
    assert all(thread is not None and not thread.is_alive() for thread in threads)
    with qtbot.assertNotEmitted(signal.changed, wait=100):
        signal.on_read(1, "microphone", USED)  # a report of the stopped round
    signal.start()  # and it starts again
    told(qtbot, signal, camera, USED)
    assert signal.reading.camera is True
    signal.stop()
    assert signal.join(5.0)


def test_a_polled_reader_that_fails_is_a_reading_in_words(qtbot: QtBot) -> None:
    class Broken:
        def read(self) -> DeviceUse:
            raise RuntimeError("unexpected")

    signal = CallSignal(CallReaders(None, PolledWatcher(Broken(), interval=60.0)))
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS):
        signal.start()
    assert signal.reading == CallReading(
        False, False, None, None, "The camera cannot be checked: reading it failed."
    )
    signal.stop()
    assert signal.join(5.0), "the poll's wait ends at the stop"


def test_a_system_with_no_method_says_so(qtbot: QtBot) -> None:
    assert default_call_readers("sunos5") == CallReaders(None, None)
    signal = CallSignal(CallReaders(None, None))
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS):
        signal.start()
    assert signal.reading == CallReading(False, False, None, None, no_method())
    signal.stop()


def test_each_platform_gets_its_readers() -> None:
    linux = default_call_readers("linux")
    assert isinstance(linux.microphone, PulseMicrophone)
    assert isinstance(linux.camera, PolledWatcher)
    for platform in ("win32", "darwin"):
        readers = default_call_readers(platform)
        assert isinstance(readers.microphone, PolledWatcher)
        assert isinstance(readers.camera, PolledWatcher)


@pytest.mark.skipif(sys.platform == "darwin", reason="off macOS only")
def test_macos_frameworks_off_macos_are_a_reading_not_a_crash() -> None:
    assert MacCamera().read().in_use is None


def test_the_default_camera_scan_on_this_machine_never_raises() -> None:
    assert ProcCameraScan().read().in_use in (None, False, True)
