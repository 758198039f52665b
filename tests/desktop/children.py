"""Child processes the desktop tests and benches start: wait for their ready line, stop them."""

from __future__ import annotations

import os
import selectors
import subprocess
import time

STARTUP_TIMEOUT = 15.0


def read_line(
    process: subprocess.Popen[bytes], stream: int, what: str, timeout: float = STARTUP_TIMEOUT
) -> str:
    """The first line a child writes to `stream` (a pipe fd), within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    data = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while b"\n" not in data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutError(f"{what} did not start within {timeout} s")
            chunk = os.read(stream, 4096)
            if not chunk:
                raise RuntimeError(f"{what} exited with {process.wait()} before it was ready")
            data += chunk
    return data.split(b"\n", 1)[0].decode().strip()


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate a child and reap it."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{bus_type}</type>
  <listen>unix:dir={directory}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def bus_config(directory: object, bus_type: str = "session") -> str:
    """A private dbus-daemon's configuration: anyone may own and call anything on it."""
    return _BUS_CONFIG.format(directory=directory, bus_type=bus_type)
