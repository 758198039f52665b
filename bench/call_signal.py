"""The "in a call" signal: how soon a capture is seen, its idle CPU, and one camera scan's cost.

    uv run python bench/call_signal.py [--runs 10] [--idle-seconds 60] [--scans 100]

Starts a private PipeWire (tests/support/pipewire.py: dbus-daemon, pipewire,
wireplumber, pipewire-pulse, a virtual microphone) and a CallSignal with the default
intervals and debounce, its microphone on that server and its camera scan on a
stand-in device file (so every scan reads the whole process list, as with a camera
plugged in). Prints:

- for `--runs` real `pw-record` captures: the time from starting `pw-record` to the
  reading's microphone turning on, and to `changed(in_call=True)` minus the debounce
  (median and worst);
- the CPU time of the signal's two threads, and of the whole process, over
  `--idle-seconds` without a capture;
- one camera scan of /proc: milliseconds (median, worst over `--scans`) and processes.

No assertions: numbers to compare. The machine is shared: run it when it is quiet.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from desktop.signals.call_reading import CallReading
from desktop.signals.call_signal import ON_AFTER, CallReaders, CallSignal, PolledWatcher
from desktop.signals.camera_linux import ProcCameraScan
from desktop.signals.microphone_pulse import PulseMicrophone
from tests.support.pipewire import start_sound_server


def pump_until(app: QCoreApplication, done: Callable[[], bool], timeout: float) -> float:
    """Run Qt's events until `done()`; the monotonic time it held (or raise)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("not in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
    return time.monotonic()


def thread_cpu(names: set[str]) -> float:
    """CPU seconds used so far by the live threads of those names."""
    total = 0.0
    for thread in threading.enumerate():
        if thread.name in names and thread.ident is not None:
            total += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    return total


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--scans", type=int, default=100)
    options = parser.parse_args()
    app = QCoreApplication([])
    with ExitStack() as children, tempfile.TemporaryDirectory() as folder:
        server = start_sound_server(children, Path(folder) / "pipewire")
        server.create_source()
        camera = Path(folder) / "video0"
        camera.write_bytes(b"")
        scan = ProcCameraScan(device_patterns=(str(camera),))
        signal = CallSignal(
            CallReaders(PulseMicrophone(server.pulse_server), PolledWatcher(scan)),
        )
        seen: list[tuple[float, CallReading]] = []
        signal.changed.connect(lambda reading: seen.append((time.monotonic(), reading)))
        signal.start()
        pump_until(app, lambda: signal.reading.available and signal.reading.camera is not None, 10)

        microphone_ms, call_ms = [], []
        for _ in range(options.runs):
            seen.clear()
            with server.capture():
                started = time.monotonic()
                on = pump_until(app, lambda: signal.reading.in_call, 10 + ON_AFTER)
                first = next(at for at, reading in seen if reading.microphone)
                microphone_ms.append((first - started) * 1000)
                call_ms.append((on - started - ON_AFTER) * 1000)
            pump_until(app, lambda: not signal.reading.microphone, 10)

        names = {"calls-microphone", "calls-camera"}
        threads_before, process_before = thread_cpu(names), process_cpu()
        QTimer.singleShot(int(options.idle_seconds * 1000), app.quit)
        app.exec()
        threads_used = thread_cpu(names) - threads_before
        process_used = process_cpu() - process_before
        signal.stop()
        signal.join(5.0)

        scan_ms = []
        for _ in range(options.scans):
            before = time.perf_counter()
            scan.read()
            scan_ms.append((time.perf_counter() - before) * 1000)

    def show(title: str, values: list[float]) -> None:
        print(f"{title}: median {statistics.median(values):.1f} ms, worst {max(values):.1f} ms")

    print(f"{options.runs} captures (pw-record started -> reading):")
    show("  microphone seen", microphone_ms)
    show(f"  in_call=True minus the {ON_AFTER:.0f} s debounce", call_ms)
    seconds = options.idle_seconds
    print(
        f"idle {seconds:.0f} s: signal threads {threads_used * 1000:.1f} ms CPU "
        f"({threads_used / seconds * 100:.3f} %), whole process {process_used * 1000:.1f} ms"
    )
    show(f"camera scan of {scan.processes_scanned} processes", scan_ms)


if __name__ == "__main__":
    main()
