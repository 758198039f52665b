"""A private X desktop for one test: Xvfb, a session bus, a tray host, and real input."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.private_desktop import (
    first_usable_display,
    start_bus,
    start_trayer,
    start_xvfb,
)
from tests.support.tools import require_tool

TOOLS = ("Xvfb", "trayer", "xdotool", "xwininfo", "import", "convert", "dbus-daemon")
STARTUP_TIMEOUT = 30.0


@dataclass
class PrivateSession:
    """What every private desktop gives the app: a bus, and folders of its own (HOME and
    XDG_*), so that nothing of the outer session is read or written."""

    bus_address: str
    home: Path
    folder: Path  # logs and screenshots
    runtime_dir: Path  # sockets: short paths, as Unix sockets need

    @property
    def config_dir(self) -> Path:
        return self.home / ".config"

    @property
    def data_dir(self) -> Path:
        return self.home / ".local" / "share"

    @property
    def state_dir(self) -> Path:
        return self.home / ".local" / "state"

    @property
    def log_file(self) -> Path:
        """Where the app logs (platformdirs' user log dir under XDG_STATE_HOME)."""
        return self.state_dir / "availability" / "log" / "availability.log"

    def private_environment(self, system_bus_address: str) -> dict[str, str]:
        """The outer environment without anything of its session: no AVAILABILITY_*
        setting, Qt platform, display or bus leaks in, and the real keyring is never
        touched."""
        outer = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("AVAILABILITY_", "QT_", "XDG_", "WAYLAND_", "DBUS_"))
            and name not in {"DISPLAY", "XAUTHORITY", "SESSION_MANAGER", "HOME"}
        }
        return {
            **outer,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config_dir),
            "XDG_DATA_HOME": str(self.data_dir),
            "XDG_STATE_HOME": str(self.state_dir),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "DBUS_SYSTEM_BUS_ADDRESS": system_bus_address,
            "NO_AT_BRIDGE": "1",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }


@dataclass
class DesktopSession(PrivateSession):
    """An X desktop: Xvfb, with trayer as the tray host."""

    display: str = ""
    _moves: int = field(default=0, repr=False)

    def environment(self) -> dict[str, str]:
        """The environment of every child on this desktop: its display, and its one bus
        as the system bus too (no logind)."""
        return {
            **self.private_environment(system_bus_address=self.bus_address),
            "DISPLAY": self.display,
            "QT_QPA_PLATFORM": "xcb",
        }

    def give_input(self, device: str = "mouse") -> None:
        """Real input through the X server (XTEST): the pointer moves somewhere new, or a
        key (Shift, which types nothing) is pressed."""
        if device == "mouse":
            self._moves += 1
            x, y = 100 + 37 * (self._moves % 8), 100 + 23 * (self._moves % 5)
            command = ["xdotool", "mousemove", str(x), str(y)]
        else:
            command = ["xdotool", "key", "shift"]
        subprocess.run(command, env=self.environment(), check=True, timeout=10)


@contextmanager
def desktop_session(folder: Path, attempts: int = 3) -> Iterator[DesktopSession]:
    """Start Xvfb, a private session bus and trayer; stop them all afterwards, however it ends.

    Skips (or fails, with AVAILABILITY_REQUIRE_E2E=1) when a tool is missing.
    """
    paths = {tool: require_tool(tool) for tool in TOOLS}
    home = folder / "home"
    home.mkdir()
    xvfb_log, trayer_log = folder / "xvfb.log", folder / "trayer.log"

    def start(children: ExitStack) -> DesktopSession:
        # tmp_path can be too long for a Unix socket's path (about 100 bytes).
        runtime_dir = Path(tempfile.mkdtemp(prefix="availability-e2e-"))
        children.callback(shutil.rmtree, runtime_dir, ignore_errors=True)
        display = start_xvfb(children, paths["Xvfb"], log=xvfb_log, timeout=STARTUP_TIMEOUT)
        bus_address = start_bus(
            children,
            folder,
            socket_dir=runtime_dir,
            executable=paths["dbus-daemon"],
            log=folder / "dbus-daemon.log",
            timeout=STARTUP_TIMEOUT,
        )
        session = DesktopSession(bus_address, home, folder, runtime_dir, display)
        start_trayer(
            children,
            session.environment(),
            executable=paths["trayer"],
            log=trayer_log,
            timeout=STARTUP_TIMEOUT,
        )
        return session

    def logs() -> str:
        return trayer_log.read_text(errors="replace") + xvfb_log.read_text(errors="replace")

    with first_usable_display(start, attempts, logs) as session:
        yield session
