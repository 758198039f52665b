"""The tray icon: the app glyph with a status dot, drawn from SVG at every size.

Colours are DESIGN.md section 5's. When the app is not in sync with the server the dot
becomes a hollow ring in the status colour (grey before any status is known).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.resources import resource
from presence import Status

STATUS_COLOURS = {
    Status.ONLINE: "#2E7D32",
    Status.BUSY: "#C62828",
    Status.AWAY: "#F9A825",
    Status.OFFLINE: "#757575",
}
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def tray_svg(status: Status | None, synced: bool) -> bytes:
    colour = STATUS_COLOURS[status or Status.OFFLINE]
    if synced and status is not None:
        values = {"@RADIUS@": "11", "@FILL@": colour, "@STROKE@": colour, "@STROKE_WIDTH@": "0"}
    else:
        values = {"@RADIUS@": "8", "@FILL@": "#FFFFFF", "@STROKE@": colour, "@STROKE_WIDTH@": "6"}
    text = resource("icons/tray.svg").read_text(encoding="utf-8")
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text.encode()


def render(svg: bytes, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


@cache
def status_icon(status: Status | None, synced: bool) -> QIcon:
    """The tray icon for a status; pixmaps at every standard size, so it stays crisp."""
    svg = tray_svg(status, synced)
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(QPixmap.fromImage(render(svg, size)))
    return icon


def dot_colour(status: Status) -> QColor:
    return QColor(STATUS_COLOURS[status])
