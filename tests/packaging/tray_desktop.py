"""A bare X desktop for the bundle: Xvfb, a tray host (trayer), and folders of its own."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.private_desktop import first_usable_display, start_trayer, start_xvfb, xwininfo
from tests.support.tools import require_tool

STARTUP_TIMEOUT = 30.0

# '     0x400007 "Availability": ("availability" "Availability")  22x24+0+0  +1+455'
_WINDOW_LINE = re.compile(
    r'^(?P<indent>\s*)0x[0-9a-f]+ (?:"(?P<title>[^"]*)")?.*\s(?P<width>\d+)x\d+'
)


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
        return xwininfo(self.environment(), "-root", "-tree")

    def tray_icon_shown(self, title: str = "Availability") -> bool:
        return embedded_in_panel(self.window_tree(), title)


@contextmanager
def tray_desktop(folder: Path, attempts: int = 3) -> Iterator[TrayDesktop]:
    """Start Xvfb and trayer; stop both afterwards. Skips (or fails in CI) without them."""
    xvfb = require_tool("Xvfb")
    trayer = require_tool("trayer")
    require_tool("xwininfo")
    home = folder / "home"
    home.mkdir()
    log_path = folder / "desktop.log"

    def start(children: ExitStack) -> TrayDesktop:
        # A Unix socket's path must stay short; tmp_path can be too long.
        runtime_dir = Path(tempfile.mkdtemp(prefix="availability-pkg-"))
        children.callback(shutil.rmtree, runtime_dir, ignore_errors=True)
        display = start_xvfb(children, xvfb, log=log_path, timeout=STARTUP_TIMEOUT)
        desktop = TrayDesktop(display, home, runtime_dir)
        start_trayer(
            children,
            desktop.environment(),
            executable=trayer,
            log=log_path,
            timeout=STARTUP_TIMEOUT,
        )
        return desktop

    def log() -> str:
        return log_path.read_text(errors="replace")

    with first_usable_display(start, attempts, log) as desktop:
        yield desktop
