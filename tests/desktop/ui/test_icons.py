"""The tray icon the launcher shows first: the one the tray draws, and taken over by it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.resources import resource
from desktop.ui.early_tray import STARTING_TOOLTIP, show_early_tray_icon
from desktop.ui.icons import render, tray_svg
from desktop.ui.quick_icons import starting_tray_icon
from desktop.ui.tray import Tray
from tests.support.api_harness import Harness


def test_the_starting_icon_file_is_the_not_synced_tray_icon() -> None:
    assert resource("icons/tray-starting.svg").read_bytes() == tray_svg(None, False), (
        "resources/icons/tray-starting.svg is out of date: write "
        "desktop.ui.icons.tray_svg(None, False) to it"
    )


def test_qt_draws_the_starting_icon_as_the_tray_would(qtbot: QtBot) -> None:
    for size in (16, 22, 32, 64):
        drawn = starting_tray_icon().pixmap(size, size).toImage()
        ours = render(tray_svg(None, False), size)
        target = QImage.Format.Format_ARGB32
        assert drawn.convertToFormat(target) == ours.convertToFormat(target), size


def test_the_tray_takes_over_the_launchers_icon(qtbot: QtBot) -> None:
    early = show_early_tray_icon()
    assert early.toolTip() == STARTING_TOOLTIP
    tray = Tray(icon=early)
    assert tray.icon is early
    assert early.parent() is tray
    assert early.contextMenu() is tray.menu
    assert early.toolTip() == tray.tooltip_text() != STARTING_TOOLTIP


def test_without_a_tray_host_the_launchers_app_shows_its_window(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness
) -> None:
    """The launcher's order: the early icon, the Tray taking it over, then the app, which
    must still hear that there is no tray host (offscreen has none) and show its window."""
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    tray = Tray(icon=show_early_tray_icon())
    app = make_app(server.url, tray=tray)
    assert app.window.isVisible()
