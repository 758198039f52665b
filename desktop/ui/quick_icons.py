"""Icons read straight from SVG files, which Qt's SVG icon engine draws when needed.

They need neither the QtSvg Python module nor any drawing of ours, so the launcher can
show the tray icon first and load the rest of the app after. `tray-starting.svg` is the
tray icon before any status is known: `icons.status_icon(None, False)`, saved as a file.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from desktop.resources import resource


@cache
def app_icon() -> QIcon:
    return QIcon(str(resource("icons/availability.svg")))


def starting_tray_icon() -> QIcon:
    return QIcon(str(resource("icons/tray-starting.svg")))
