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

from tests.desktop.children import bus_config, read_line, stop_process
from tests.desktop.conftest import require_tool
from tests.e2e.screen import find_windows, window_tree
from tests.e2e.waiting import wait_until

TOOLS = ("Xvfb", "trayer", "xdotool", "xwininfo", "import", "convert", "dbus-daemon")
STARTUP_TIMEOUT = 30.0


@dataclass
class DesktopSession:
    """Where the app runs: its display, its bus, and folders of its own (HOME and XDG_*)."""

    display: str
    bus_address: str
    home: Path
    folder: Path  # logs and screenshots
    runtime_dir: Path  # sockets: short paths, as Unix sockets need
    _moves: int = field(default=0, repr=False)

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

    def environment(self) -> dict[str, str]:
        """The environment of every child on this desktop: nothing of the outer session.

        No AVAILABILITY_* setting, Qt platform or Wayland variable leaks in, the real
        keyring is never touched, and the system bus is the private one too (no logind).
        """
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
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "DBUS_SYSTEM_BUS_ADDRESS": self.bus_address,
            "QT_QPA_PLATFORM": "xcb",
            "NO_AT_BRIDGE": "1",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
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


class DisplayUnusable(Exception):
    """The display Xvfb chose cannot be used (another X server raced it for the number)."""


def _start_xvfb(stack: ExitStack, xvfb: str, log_path: Path) -> str:
    read_end, write_end = os.pipe()
    stack.callback(os.close, read_end)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [xvfb, "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "640x480x24"],
            pass_fds=(write_end,),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    os.close(write_end)
    stack.callback(stop_process, process)
    # Xvfb writes its display number once it accepts connections.
    return ":" + read_line(process, read_end, "Xvfb", STARTUP_TIMEOUT)


def _start_bus(stack: ExitStack, dbus_daemon: str, folder: Path, socket_dir: Path) -> str:
    config = folder / "bus.conf"
    config.write_text(bus_config(socket_dir))
    with (folder / "dbus-daemon.log").open("ab") as log:
        process = subprocess.Popen(
            [dbus_daemon, f"--config-file={config}", "--print-address", "--nofork"],
            stdout=subprocess.PIPE,
            stderr=log,
        )
    assert process.stdout is not None
    stack.callback(process.stdout.close)
    stack.callback(stop_process, process)
    return read_line(process, process.stdout.fileno(), "dbus-daemon", STARTUP_TIMEOUT)


def _start_trayer(stack: ExitStack, trayer: str, session: DesktopSession, log_path: Path) -> None:
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [trayer], env=session.environment(), stdout=log, stderr=subprocess.STDOUT
        )
    stack.callback(stop_process, process)

    def panel_or_exit() -> bool:
        if process.poll() is not None:
            raise DisplayUnusable(f"trayer exited with {process.returncode}")
        try:
            return bool(find_windows(window_tree(session.environment()), name="panel"))
        except subprocess.CalledProcessError as error:
            raise DisplayUnusable(f"xwininfo failed: {error.stderr}") from error

    wait_until(
        panel_or_exit,
        bool,
        STARTUP_TIMEOUT,
        "trayer's panel appears",
        lambda: log_path.read_text(errors="replace"),
    )


@contextmanager
def desktop_session(folder: Path, attempts: int = 3) -> Iterator[DesktopSession]:
    """Start Xvfb, a private session bus and trayer; stop them all afterwards, however it ends.

    Skips (or fails, with AVAILABILITY_REQUIRE_E2E=1) when a tool is missing.
    """
    paths = {tool: require_tool(tool) for tool in TOOLS}
    home = folder / "home"
    home.mkdir()
    xvfb_log, trayer_log = folder / "xvfb.log", folder / "trayer.log"
    for attempt in range(1, attempts + 1):
        with ExitStack() as stack:
            # tmp_path can be too long for a Unix socket's path (about 100 bytes).
            runtime_dir = Path(tempfile.mkdtemp(prefix="availability-e2e-"))
            stack.callback(shutil.rmtree, runtime_dir, ignore_errors=True)
            display = _start_xvfb(stack, paths["Xvfb"], xvfb_log)
            bus_address = _start_bus(stack, paths["dbus-daemon"], folder, runtime_dir)
            session = DesktopSession(display, bus_address, home, folder, runtime_dir)
            try:
                _start_trayer(stack, paths["trayer"], session, trayer_log)
            except DisplayUnusable as error:
                # On a machine shared with other X servers, one starting at the same
                # moment can take over the display number Xvfb -displayfd reported; a
                # fresh Xvfb gets another number. Only the harness is retried, never the app.
                if attempt == attempts:
                    raise AssertionError(
                        f"no usable display after {attempts} attempts ({display}: {error})\n"
                        + trayer_log.read_text(errors="replace")
                        + xvfb_log.read_text(errors="replace")
                    ) from error
                continue
            yield session
            return
