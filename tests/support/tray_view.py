"""The app's tray icon as the screen shows it: embedded in trayer's panel, with its dot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support.desktop_session import DesktopSession
from tests.support.screen import (
    Dot,
    Window,
    capture,
    embedded_tray_icon,
    read_pixels,
    status_dot,
    window_tree,
)
from tests.support.waiting import PROGRAM_POLL, wait_until

TRAY_TIMEOUT = 30.0
REPAINT_TIMEOUT = 15.0


class TrayView:
    """Finds the icon in the panel and reads its status dot off the screen."""

    def __init__(self, desktop: DesktopSession, folder: Path, context: Callable[[], str]) -> None:
        self._desktop = desktop
        self._folder = folder
        self._context = context
        self._shots = 0

    def icon(self) -> Window:
        """The app's icon window, once trayer's panel has embedded it."""
        found = wait_until(
            lambda: embedded_tray_icon(window_tree(self._desktop.environment())),
            TRAY_TIMEOUT,
            "the app's icon is embedded in trayer's panel",
            done=lambda window: window is not None,
            context=self._context,
            step=PROGRAM_POLL,
        )
        assert found is not None
        return found

    def dot(self) -> Dot:
        """The dot as the screen shows it now; each screenshot is kept for a failure."""
        self._shots += 1
        path = capture(
            self._desktop.environment(), self.icon(), self._folder / f"icon-{self._shots}.png"
        )
        return status_dot(read_pixels(path))

    def wait_for_dot(self, status: str, filled: bool) -> Dot:
        """Until the dot has the status's colour, filled (synced) or a hollow ring (not)."""
        return wait_until(
            self.dot,
            REPAINT_TIMEOUT,
            f"the tray dot shows {status} ({'filled' if filled else 'a hollow ring'})",
            done=lambda dot: dot.status == status and dot.filled == filled,
            context=self._context,
            step=PROGRAM_POLL,
        )
