"""Linux: the microphone is in use while some app records from it, as the sound server says.

Both PipeWire (through pipewire-pulse) and PulseAudio answer libpulse's protocol, which
`pulsectl` speaks. A recording stream is a "source output"; the microphone is in use
while one exists that is an app's capture, that is, none of:

- a capture from a *monitor* source (what a sink plays): screen recorders and
  visualisers record those; they say nothing about a call, and a video played
  through the speakers would otherwise look like one;
- a level meter's peak-detect stream (`PA_STREAM_PEAK_DETECT`): volume controls
  (pavucontrol, desktop sound settings) open one per microphone while they are shown.
  PulseAudio gives it the resampler "peaks"; pipewire-pulse marks it with
  `stream.monitor=true` and `resample.peaks=true`; pavucontrol also names itself
  `application.id=org.PulseAudio.pavucontrol` and records for nothing else;
- a stream owned by a server module (PulseAudio's loopback or echo-cancel): those run
  all day, not only in calls.

A stream that is paused (corked) still counts: the app holds the microphone, as call
apps do while muted.

Events, not polling: the reader subscribes to source-output and source changes and
re-reads the streams on each. When the server goes away it says so and tries again
every `reconnect_interval`; it never starts a server itself.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from desktop.signals.call_reading import DeviceUse, cannot_check
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

RECONNECT_INTERVAL = 10.0
# How long one wait for events lasts before the reader looks whether it should stop; a
# stop also wakes the wait at once, this only bounds a stop that comes just before it.
LISTEN_SLICE = 1.0
# WORKAROUND for pulsectl (24.12): `connect(timeout=t)` returns only after the whole `t`,
# even once connected (its loop restarts after the "ready" callback). Short tries first
# keep a (re)connection quick; a refused connection fails at once whatever the timeout.
CONNECT_TRIES = (0.1, 0.5, 2.5)
NO_INDEX = 0xFFFFFFFF  # PA_INVALID_INDEX
METER_APPS = frozenset({"org.PulseAudio.pavucontrol"})


@dataclass(frozen=True)
class CaptureStream:
    """What decides whether one source output is an app's capture."""

    from_monitor: bool
    peak_detect: bool
    server_module: bool


def is_app_capture(stream: CaptureStream) -> bool:
    return not (stream.from_monitor or stream.peak_detect or stream.server_module)


def microphone_in_use(streams: Iterable[CaptureStream]) -> bool:
    return any(is_app_capture(stream) for stream in streams)


def capture_streams(sources: Iterable[Any], outputs: Iterable[Any]) -> list[CaptureStream]:
    """`pulsectl`'s source and source-output infos, as the decision needs them."""
    monitors = {
        source.index
        for source in sources
        if source.monitor_of_sink != NO_INDEX or source.proplist.get("device.class") == "monitor"
    }
    streams = []
    for output in outputs:
        properties = output.proplist
        streams.append(
            CaptureStream(
                from_monitor=output.source in monitors,
                peak_detect=output.resample_method == "peaks"
                or properties.get("resample.peaks") == "true"
                or properties.get("stream.monitor") == "true"
                or properties.get("application.id") in METER_APPS,
                server_module=output.owner_module != NO_INDEX,
            )
        )
    return streams


class PulseMicrophone:
    """Watches the sound server's capture streams on the thread that calls `run`.

    `server` is a libpulse server address (e.g. "unix:/run/user/1000/pulse/native");
    None means the desktop's own, as any app would find it.
    """

    def __init__(
        self,
        server: str | None = None,
        reconnect_interval: float = RECONNECT_INTERVAL,
        listen_slice: float = LISTEN_SLICE,
        client_name: str = "Availability call detection",
    ) -> None:
        self._server = server
        self._reconnect = reconnect_interval
        self._slice = listen_slice
        self._name = client_name
        self._lock = threading.Lock()
        self._listening: Any = None  # the connection whose wait `wake` may cut short

    def run(self, report: Callable[[DeviceUse], None], stopping: threading.Event) -> None:
        """Report the microphone's use on every change, until `stopping` is set."""
        told: list[DeviceUse] = []

        def tell(use: DeviceUse) -> None:
            if told != [use]:
                told[:] = [use]
                report(use)

        try:
            pulsectl = importlib.import_module("pulsectl")
        except (ImportError, OSError) as error:
            log.info("No libpulse: %s", type(error).__name__)
            tell(DeviceUse(None, no_library()))
            return
        while not stopping.is_set():
            pulse = pulsectl.Pulse(self._name, server=self._server, connect=False)
            try:
                self._connect(pulse, pulsectl)
                self._watch(pulse, pulsectl, tell, stopping)
            except (pulsectl.PulseError, pulsectl.PulseDisconnected) as error:
                log.info("Sound server unreachable: %s", type(error).__name__)
                tell(DeviceUse(None, no_server()))
                stopping.wait(self._reconnect)
            except Exception as error:  # an answer this reader does not understand
                log.info("Sound server answer unreadable: %s", type(error).__name__)
                tell(DeviceUse(None, unreadable()))
                stopping.wait(self._reconnect)
            finally:
                with self._lock:
                    self._listening = None
                pulse.close()

    def wake(self) -> None:
        """Cut the current wait for events short (from any thread), so a stop is seen."""
        with self._lock:
            if self._listening is not None:
                self._listening.event_listen_stop()

    @staticmethod
    def _connect(pulse: Any, pulsectl: Any) -> None:
        for timeout in CONNECT_TRIES:
            try:
                # Never autospawn: a missing server is a reading, not something to start.
                pulse.connect(autospawn=False, timeout=timeout)
                return
            except pulsectl.PulseError:
                if timeout == CONNECT_TRIES[-1]:
                    raise

    def _watch(
        self,
        pulse: Any,
        pulsectl: Any,
        tell: Callable[[DeviceUse], None],
        stopping: threading.Event,
    ) -> None:
        changes: list[object] = []

        def on_event(event: object) -> None:
            changes.append(event)
            raise pulsectl.PulseLoopStop

        # Subscribed before the first read: a stream that starts in between is not missed.
        pulse.event_mask_set("source_output", "source")
        pulse.event_callback_set(on_event)
        tell(self._read(pulse))
        with self._lock:
            self._listening = pulse
        while not stopping.is_set():
            pulse.event_listen(timeout=self._slice)
            if changes:
                changes.clear()
                tell(self._read(pulse))

    @staticmethod
    def _read(pulse: Any) -> DeviceUse:
        streams = capture_streams(pulse.source_list(), pulse.source_output_list())
        return DeviceUse(microphone_in_use(streams))


def no_server() -> str:
    return cannot_check("microphone", tr("no sound server answers (PipeWire or PulseAudio)."))


def no_library() -> str:
    return cannot_check("microphone", tr("the PulseAudio client library is missing."))


def unreadable() -> str:
    return cannot_check("microphone", tr("the sound server's answer could not be read."))
