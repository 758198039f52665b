"""A real KWin (Plasma 5.27) on Wayland for one test, headless, on a session bus of its
own: the compositor that is not GNOME and offers `ext-idle-notify-v1`.

Two things this needs that a desktop does not:
- Debian's /usr/bin/kwin_wayland carries the file capability cap_sys_resource, which a
  container without that capability cannot exec ("Operation not permitted"). A copy
  (which has no capability) runs; it must keep the name kwin_wayland, or KWin's own Qt
  platform plugin refuses to load.
- KWIN_WAYLAND_NO_PERMISSION_CHECKS=1, so that KWin offers `org_kde_kwin_fake_input`,
  through which the test gives real compositor input.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from desktop.activity.idle_wayland import advertised_globals
from tests.support.children import log_tails, start_child
from tests.support.desktop_session import PrivateSession
from tests.support.private_desktop import start_bus
from tests.support.tools import require_file, require_tool
from tests.support.waiting import wait_until

WAYLAND_DISPLAY = "wayland-kwin"
FAKE_INPUT_XML = Path("/usr/share/plasma-wayland-protocols/fake-input.xml")
STARTUP_TIMEOUT = 30.0
KEY_LEFT_SHIFT = 42  # evdev


@dataclass
class KWinSession(PrivateSession):
    """KWin's session: its session bus and its Wayland socket."""

    wayland_display: str = WAYLAND_DISPLAY

    def environment(self) -> dict[str, str]:
        """The environment of a native Wayland client on this KWin (no system bus)."""
        return {
            **self.private_environment(system_bus_address=self.bus_address),
            "WAYLAND_DISPLAY": self.wayland_display,
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "KDE",
            "QT_QPA_PLATFORM": "wayland",
        }


@contextmanager
def kwin_session(folder: Path) -> Iterator[KWinSession]:
    """KWin on Wayland, headless; stopped when the block ends. Skips (or fails, with
    AVAILABILITY_REQUIRE_E2E=1) when KWin or the fake-input protocol is missing."""
    kwin = Path(require_tool("kwin_wayland"))
    require_tool("dbus-daemon")
    require_file(FAKE_INPUT_XML, "plasma-wayland-protocols")
    home = folder / "home"
    home.mkdir()
    log = folder / "kwin.log"
    with ExitStack() as children:
        runtime_dir = Path(tempfile.mkdtemp(prefix="availability-kwin-"))
        children.callback(shutil.rmtree, runtime_dir, ignore_errors=True)
        bus_folder = folder / "session-bus"
        bus_folder.mkdir()
        bus = start_bus(children, bus_folder, socket_dir=runtime_dir, log=folder / "bus.log")
        session = KWinSession(bus, home, folder, runtime_dir)
        copy = runtime_dir / "bin" / "kwin_wayland"
        copy.parent.mkdir()
        shutil.copy(kwin, copy)  # without the file capability
        environment = {
            name: value
            for name, value in session.environment().items()
            if name not in {"WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
        }
        environment["KWIN_WAYLAND_NO_PERMISSION_CHECKS"] = "1"
        command = [str(copy), "--virtual", "--width", "1280", "--height", "800"]
        start_child(children, [*command, "--socket", session.wayland_display], log, env=environment)
        wait_until(
            lambda: (runtime_dir / session.wayland_display).exists(),
            STARTUP_TIMEOUT,
            "KWin opens its Wayland socket",
            context=lambda: log_tails({"kwin": log}),
        )
        yield session


def _fake_input_module(folder: Path) -> ModuleType:
    """pywayland's bindings for KWin's fake-input protocol, made from Plasma's XML."""
    subprocess.run(
        [sys.executable, "-m", "pywayland.scanner", "-i", str(FAKE_INPUT_XML), "-o", str(folder)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    spec = importlib.util.spec_from_file_location("kwin_fake_input", folder / "fake_input.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeInput:
    """Real input into KWin, through `org_kde_kwin_fake_input`, on a connection of its own."""

    def __init__(self, session: KWinSession) -> None:
        from pywayland.client.display import Display

        module = _fake_input_module(session.folder / "fake-input")
        self._display: Any = Display(str(session.runtime_dir / session.wayland_display))
        self._display.connect()
        registry, found = advertised_globals(self._display)
        name, version = found["org_kde_kwin_fake_input"]
        self._input = registry.bind(name, module.OrgKdeKwinFakeInput, min(version, 4))
        self._input.authenticate("availability tests", "real input for the tests")
        self._display.roundtrip()
        self._moves = 0

    def move_pointer(self) -> None:
        self._moves += 1
        step = 5.0 if self._moves % 2 else -5.0
        self._input.pointer_motion(step, step)
        self._display.roundtrip()

    def press_shift(self) -> None:
        self._input.keyboard_key(KEY_LEFT_SHIFT, 1)
        self._input.keyboard_key(KEY_LEFT_SHIFT, 0)
        self._display.roundtrip()

    def close(self) -> None:
        self._input.destroy()
        self._display.roundtrip()
        self._display.disconnect()
