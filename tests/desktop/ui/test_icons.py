"""The tray icon the launcher shows first is the one the tray then draws itself."""

from __future__ import annotations

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.resources import resource
from desktop.ui.early_tray import STARTING_TOOLTIP, show_early_tray_icon
from desktop.ui.icons import render, tray_svg
from desktop.ui.quick_icons import starting_tray_icon
from desktop.ui.tray import Tray


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
