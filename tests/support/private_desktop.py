"""A private desktop's servers for the tests and benches: Xvfb, dbus-daemon and trayer.

Each `start_*` registers its child with an ExitStack, which stops it when closed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TypeVar

from tests.support.children import start_child
from tests.support.waiting import STARTUP_TIMEOUT, read_line, wait_until

SCREEN = "640x480x24"
T = TypeVar("T")


class DisplayUnusable(Exception):
    """The display Xvfb chose cannot be used (another X server raced it for the number)."""


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


def start_xvfb(
    children: ExitStack,
    executable: str = "Xvfb",
    *,
    screen: str = SCREEN,
    log: Path | None = None,
    timeout: float = STARTUP_TIMEOUT,
) -> str:
    """Xvfb on a display number it picks itself (-displayfd); that display, e.g. ":3".

    It never resets: by default an X server starts over when its last client leaves, and
    refuses connections meanwhile, which a desktop session, never without clients, does
    not see, but a test between two connections would.
    """
    read_end, write_end = os.pipe()
    children.callback(os.close, read_end)
    command = [executable, "-displayfd", str(write_end), "-nolisten", "tcp", "-noreset"]
    try:
        process = start_child(
            children,
            [*command, "-screen", "0", screen],
            log,
            pass_fds=(write_end,),
        )
    finally:
        os.close(write_end)
    # Xvfb writes its display number once it accepts connections.
    return ":" + read_line(process, read_end, "Xvfb", timeout)


def start_bus(
    children: ExitStack,
    folder: Path,
    *,
    socket_dir: Path | None = None,
    bus_type: str = "session",
    executable: str = "dbus-daemon",
    log: Path | None = None,
    timeout: float = STARTUP_TIMEOUT,
) -> str:
    """A dbus-daemon with no services and no activation, its configuration in `folder` and
    its socket in `socket_dir` (default: `folder`); its address."""
    config = folder / "bus.conf"
    config.write_text(bus_config(socket_dir or folder, bus_type))
    process = start_child(
        children,
        [executable, f"--config-file={config}", "--print-address", "--nofork"],
        log,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    return read_line(process, process.stdout.fileno(), "dbus-daemon", timeout)


def start_trayer(
    children: ExitStack,
    environment: Mapping[str, str],
    arguments: Sequence[str] = (),
    *,
    executable: str = "trayer",
    log: Path | None = None,
    timeout: float = STARTUP_TIMEOUT,
) -> subprocess.Popen[bytes]:
    """trayer on `environment`'s display, returned once its panel is there (xwininfo).

    DisplayUnusable if trayer exits or X refuses xwininfo before that.
    """
    env = dict(environment)
    display = env["DISPLAY"]
    process = start_child(children, [executable, *arguments], log, env=env)

    def panel_shown() -> bool:
        if process.poll() is not None:
            raise DisplayUnusable(f"{display}: trayer exited with {process.returncode}")
        try:
            tree = xwininfo(env, "-root", "-tree")
        except subprocess.CalledProcessError as error:
            raise DisplayUnusable(f"{display}: xwininfo failed: {error.stderr}") from error
        return '"panel"' in tree

    wait_until(
        panel_shown,
        timeout,
        f"trayer's panel appears on {display}",
        context=lambda: log.read_text(errors="replace") if log is not None else "",
    )
    return process


def xwininfo(environment: Mapping[str, str], *arguments: str) -> str:
    """What `xwininfo <arguments>` says about the windows on `environment`'s display."""
    return subprocess.run(
        ["xwininfo", *arguments],
        env=dict(environment),
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout


@contextmanager
def first_usable_display(
    start: Callable[[ExitStack], T], attempts: int, context: Callable[[], str]
) -> Iterator[T]:
    """What `start(children)` returns, from the first of `attempts` whose display is usable;
    everything it started is stopped when the block ends, however it ends.

    On a machine shared with other X servers, one starting at the same moment can take
    over the display number Xvfb -displayfd reported; a fresh Xvfb gets another number.
    Only the harness is retried, never what runs on it. `context()` (the logs) is added
    when no attempt worked.
    """
    for attempt in range(1, attempts + 1):
        with ExitStack() as children:
            try:
                started = start(children)
            except DisplayUnusable as error:
                if attempt < attempts:
                    continue
                raise AssertionError(
                    f"no usable display after {attempts} attempts ({error})\n{context()}"
                ) from error
            yield started
            return
