"""The tray icon as the launcher shows it, before the rest of the app has loaded.

It imports nothing but QtWidgets, an SVG file's path and the translation door, so the
icon reaches the tray host about as soon as a bare Qt program's would. `Tray` takes this
same icon over (a new one would be a second icon, or a flicker) and gives it its menu and
tooltip.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSystemTrayIcon

from desktop.ui.quick_icons import starting_tray_icon
from desktop.wording.translate import QT_TR_NOOP, tr

STARTING_TOOLTIP = QT_TR_NOOP("Availability is starting…")


def show_early_tray_icon() -> QSystemTrayIcon:
    """The grey, hollow "not synced yet" icon; shown now if there is a tray host."""
    icon = QSystemTrayIcon(starting_tray_icon())
    icon.setToolTip(tr(STARTING_TOOLTIP))
    if QSystemTrayIcon.isSystemTrayAvailable():
        icon.show()
    return icon
