"""The microphone reader on a real private PipeWire (pipewire-pulse), and its stream rules."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.signals.call_reading import CallReading
from desktop.signals.call_signal import CallReaders, CallSignal
from desktop.signals.microphone_pulse import (
    NO_INDEX,
    CaptureStream,
    PulseMicrophone,
    capture_streams,
    microphone_in_use,
    no_server,
)
from tests.support.pipewire import SoundServer, _pulsectl, start_sound_server
from tests.support.waiting import WAIT_MS, wait_until

ON_AFTER = 0.3  # real seconds here: the debounce's timing is tested with a clock elsewhere
RECONNECT = 0.2


@pytest.fixture(scope="module")
def sound_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoundServer]:
    with ExitStack() as children:
        server = start_sound_server(children, tmp_path_factory.mktemp("pipewire"))
        server.create_source()
        yield server


@pytest.fixture
def watching(
    sound_server: SoundServer, qtbot: QtBot
) -> Iterator[tuple[CallSignal, list[CallReading]]]:
    yield from _watch(sound_server, qtbot)


def _watch(server: SoundServer, qtbot: QtBot) -> Iterator[tuple[CallSignal, list[CallReading]]]:
    microphone = PulseMicrophone(server.pulse_server, reconnect_interval=RECONNECT)
    signal = CallSignal(CallReaders(microphone, None), on_after=ON_AFTER)
    readings: list[CallReading] = []
    signal.changed.connect(readings.append)
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS):
        signal.start()
    yield signal, readings
    signal.stop()
    assert signal.join(5.0), "a call thread is still running"


def test_no_capture_is_not_a_call(watching: tuple[CallSignal, list[CallReading]]) -> None:
    signal, _ = watching
    assert signal.reading == CallReading(True, False, False, None, None)


def test_a_capture_turns_the_call_on_after_the_debounce_and_off_at_once(
    sound_server: SoundServer, watching: tuple[CallSignal, list[CallReading]], qtbot: QtBot
) -> None:
    signal, readings = watching
    del readings[:]
    with sound_server.capture():
        qtbot.waitUntil(lambda: signal.reading.in_call, timeout=WAIT_MS)
        # Seen first, then in a call once it lasted: never in a call at the first sight.
        assert readings == [
            CallReading(True, False, True, None, None),
            CallReading(True, True, True, None, None),
        ]
    qtbot.waitUntil(lambda: not signal.reading.microphone, timeout=WAIT_MS)
    assert readings[2:] == [CallReading(True, False, False, None, None)], "off at once"


@dataclass
class _PeakMeter:
    """A level meter's peak-detect stream on the source, as pavucontrol opens one."""

    server: SoundServer
    running: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        pulsectl = _pulsectl()
        with pulsectl.Pulse("level meter", server=self.server.pulse_server) as pulse:
            while self.running.is_set():
                pulse.get_peak_sample("test-mic", 0.2)


def _streams(server: SoundServer) -> int:
    pulsectl = _pulsectl()
    with pulsectl.Pulse("test-probe", server=server.pulse_server) as pulse:
        return len(pulse.source_output_list())


def test_a_level_meter_is_not_a_call(
    sound_server: SoundServer, watching: tuple[CallSignal, list[CallReading]], qtbot: QtBot
) -> None:
    signal, _ = watching
    meter = _PeakMeter(sound_server)
    meter.running.set()
    thread = threading.Thread(target=meter.run, name="level meter")
    thread.start()
    try:
        wait_until(lambda: _streams(sound_server) == 1, 5.0, "the meter's stream")
        # A real capture beside it turns the call on; once it ends, the meter alone is
        # left, and the microphone reads free although the meter still records.
        with sound_server.capture():
            qtbot.waitUntil(lambda: signal.reading.in_call, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: signal.reading.microphone is False, timeout=WAIT_MS)
        assert _streams(sound_server) == 1
        assert signal.reading == CallReading(True, False, False, None, None)
    finally:
        meter.running.clear()
        thread.join(5.0)


def test_the_sound_server_going_away_is_said_and_its_return_is_seen(
    tmp_path: Path, qtbot: QtBot
) -> None:
    with ExitStack() as children:
        server = start_sound_server(children, tmp_path)
        server.create_source()
        watch = _watch(server, qtbot)
        signal, _ = next(watch)
        children.callback(next, watch, None)  # stops the signal before the server
        server.stop_pulse()
        qtbot.waitUntil(lambda: not signal.reading.available, timeout=WAIT_MS)
        assert signal.reading == CallReading(False, False, None, None, no_server())
        server.start_pulse()
        qtbot.waitUntil(lambda: signal.reading.available, timeout=WAIT_MS)
        assert signal.reading == CallReading(True, False, False, None, None)
        with server.capture():
            qtbot.waitUntil(lambda: signal.reading.in_call, timeout=WAIT_MS)


def test_no_server_at_all_is_a_reading_in_words(tmp_path: Path, qtbot: QtBot) -> None:
    microphone = PulseMicrophone(f"unix:{tmp_path / 'nothing'}", reconnect_interval=RECONNECT)
    signal = CallSignal(CallReaders(microphone, None), on_after=ON_AFTER)
    with qtbot.waitSignal(signal.changed, timeout=WAIT_MS):
        signal.start()
    assert signal.reading == CallReading(False, False, None, None, no_server())
    signal.stop()
    assert signal.join(5.0)


@dataclass
class _Info:
    """pulsectl's infos, as far as the rules read them."""

    index: int = 1
    source: int = 1
    monitor_of_sink: int = NO_INDEX
    owner_module: int = NO_INDEX
    resample_method: str = "speex-float-1"
    proplist: dict[str, str] = field(default_factory=dict)


@pytest.mark.parametrize(
    ("output", "counts"),
    [
        (_Info(), True),
        (_Info(source=2), False),  # from the monitor of a sink
        (_Info(resample_method="peaks"), False),  # PulseAudio's peak detect
        (_Info(proplist={"stream.monitor": "true"}), False),  # pipewire-pulse's
        (_Info(proplist={"resample.peaks": "true"}), False),
        (_Info(proplist={"application.id": "org.PulseAudio.pavucontrol"}), False),
        (_Info(owner_module=7), False),  # a loopback or echo-cancel module
        (_Info(source=NO_INDEX), True),  # a stream between sources still records
    ],
)
def test_which_streams_count_as_a_capture(output: _Info, counts: bool) -> None:
    sources = [_Info(index=1), _Info(index=2, monitor_of_sink=0)]
    assert microphone_in_use(capture_streams(sources, [output])) is counts


def test_a_source_named_a_monitor_by_its_class_is_one() -> None:
    sources = [_Info(index=1, proplist={"device.class": "monitor"})]
    assert capture_streams(sources, [_Info()]) == [CaptureStream(True, False, False)]
