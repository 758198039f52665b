"""A bare X desktop for the bundle: Xvfb, a tray host (trayer), and folders of its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tests.desktop.children import read_line, stop_process
from tests.desktop.conftest import require_tool

STARTUP_TIMEOUT = 30.0
XVFB_OPTIONS = ("-nolisten", "tcp", "-screen", "0", "640x480x24")
POLL_INTERVAL = 0.05
T = TypeVar("T")

# '     0x400007 "Availability": ("availability" "Availability")  22x24+0+0  +1+455'
_WINDOW_LINE = re.compile(
    r'^(?P<indent>\s*)0x[0-9a-f]+ (?:"(?P<title>[^"]*)")?.*\s(?P<width>\d+)x\d+'
)


def wait_for(
    read: Callable[[], T | None], timeout: float, what: str, context: Callable[[], str]
) -> T:
    """Poll `read` until it returns something truthy; fail after `timeout` s, naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout} s\n{context()}")
        # The pause between two readings, not a synchronisation: the deadline decides.
        time.sleep(POLL_INTERVAL)  # wall-time: polls another process, up to a deadline


def embedded_in_panel(tree: str, title: str) -> bool:
    """Whether `xwininfo -root -tree` shows a window `title` inside trayer's "panel"."""
    panel_indent: int | None = None
    for line in tree.splitlines():
        match = _WINDOW_LINE.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        if panel_indent is not None and indent <= panel_indent:
            panel_indent = None
        if match["title"] == "panel":
            panel_indent = indent
        elif panel_indent is not None and match["title"] == title and int(match["width"]) > 1:
            return True
    return False


@dataclass
class TrayDesktop:
    """Where the bundle runs: a display with a tray, and a fresh HOME with XDG_* under it."""

    display: str
    home: Path
    runtime_dir: Path

    @property
    def config_dir(self) -> Path:
        return self.home / ".config"

    @property
    def log_file(self) -> Path:
        return self.home / ".local" / "state" / "availability" / "log" / "availability.log"

    def environment(self) -> dict[str, str]:
        """A login's environment, and nothing of the outer session's."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config_dir),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_STATE_HOME": str(self.home / ".local" / "state"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "DISPLAY": self.display,
            "QT_QPA_PLATFORM": "xcb",
            "NO_AT_BRIDGE": "1",
            # The real keyring is never touched: the app falls back to this run only.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }

    def window_tree(self) -> str:
        return subprocess.run(
            ["xwininfo", "-root", "-tree"],
            env=self.environment(),
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout

    def tray_icon_shown(self, title: str = "Availability") -> bool:
        return embedded_in_panel(self.window_tree(), title)


def panel_state(tray: subprocess.Popen[bytes], desktop: TrayDesktop) -> str:
    """ "up" once trayer's panel is on the screen; what went wrong if it cannot be."""
    if tray.poll() is not None:
        return f"trayer exited with {tray.returncode}"
    try:
        return "up" if '"panel"' in desktop.window_tree() else ""
    except subprocess.CalledProcessError as error:
        return f"xwininfo failed: {error.stderr}"


@contextmanager
def tray_desktop(folder: Path, attempts: int = 3) -> Iterator[TrayDesktop]:
    """Start Xvfb and trayer; stop both afterwards. Skips (or fails in CI) without them."""
    xvfb = require_tool("Xvfb")
    trayer = require_tool("trayer")
    require_tool("xwininfo")
    home = folder / "home"
    home.mkdir()
    log_path = folder / "desktop.log"
    for attempt in range(1, attempts + 1):
        with ExitStack() as stack:
            # A Unix socket's path must stay short; tmp_path can be too long.
            runtime_dir = Path(tempfile.mkdtemp(prefix="availability-pkg-"))
            stack.callback(shutil.rmtree, runtime_dir, ignore_errors=True)
            read_end, write_end = os.pipe()
            stack.callback(os.close, read_end)
            with log_path.open("ab") as log:
                server = subprocess.Popen(
                    [xvfb, "-displayfd", str(write_end), *XVFB_OPTIONS],
                    pass_fds=(write_end,),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            os.close(write_end)
            stack.callback(stop_process, server)
            display = ":" + read_line(server, read_end, "Xvfb", STARTUP_TIMEOUT)
            desktop = TrayDesktop(display, home, runtime_dir)
            with log_path.open("ab") as log:
                tray = subprocess.Popen(
                    [trayer], env=desktop.environment(), stdout=log, stderr=subprocess.STDOUT
                )
            stack.callback(stop_process, tray)

            state = wait_for(
                lambda: panel_state(tray, desktop),  # noqa: B023 (called within this pass)
                STARTUP_TIMEOUT,
                "trayer's panel appears",
                lambda: log_path.read_text(errors="replace"),
            )
            if state == "up":
                yield desktop
                return
            # Another X server starting at the same moment can take the display number
            # -displayfd reported; a fresh Xvfb gets another. Only the harness is retried.
            if attempt == attempts:
                raise AssertionError(
                    f"no usable display after {attempts} attempts ({display}: {state})\n"
                    + log_path.read_text(errors="replace")
                )
