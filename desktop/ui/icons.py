"""Status glyphs and the tray icon, drawn from SVG at every size.

Colour never works alone: each status has its own shape, so the icon reads in
greyscale and for people who do not tell red from green apart:
- online: a check mark on a green disc;
- busy: a bar on a red disc (a no-entry sign);
- away: clock hands on an amber disc;
- offline: a grey ring.

Synced, the disc is filled. Not in sync with the server (or before any status is known),
the disc is white inside a dashed ring, mark and ring in the status colour. The tray's
tile has a light edge, so it shows on dark panels as on light ones. Colours are
DESIGN.md section 5's. Where the desktop asks for a monochrome (template) icon, macOS's
menu bar, the same shapes come in black with holes, and the desktop tints them.
"""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.resources import resource
from presence import Status

STATUS_COLOURS = {
    Status.ONLINE: "#2E7D32",
    Status.BUSY: "#C62828",
    Status.AWAY: "#F9A825",
    Status.OFFLINE: "#757575",
}
MARK_COLOURS = {  # on the filled disc: the lightest contrast that holds
    Status.ONLINE: "#FFFFFF",
    Status.BUSY: "#FFFFFF",
    Status.AWAY: "#3E2A00",
    Status.OFFLINE: "#FFFFFF",
}
BADGE_SCALE = 1.2  # the badge at 16 px must still read
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
WHITE = "#FFFFFF"
TILE = "#37474F"  # resources/icons/tray.svg's tile and figure
LIGHT = "#ECEFF1"


def _mark(status: Status, x: float, y: float, colour: str) -> str:
    """The status's shape, centred on (x, y), for a disc of radius 16 (then scaled)."""
    line = f'fill="none" stroke="{colour}" stroke-width="4.5" stroke-linecap="round"'
    if status is Status.ONLINE:
        shape = f'<path d="M-7 0.5L-2 5.5L7.5 -5" {line}/>'
    elif status is Status.BUSY:
        shape = f'<rect x="-8.5" y="-2.5" width="17" height="5" rx="2.5" fill="{colour}"/>'
    elif status is Status.AWAY:
        shape = f'<path d="M0 -8L0 0L6 4" {line} stroke-linejoin="round"/>'
    else:
        shape = f'<circle r="6.5" fill="{colour}"/>'
    return f'<g transform="translate({x} {y})">{shape}</g>'


def badge(status: Status | None, synced: bool, x: float, y: float) -> str:
    """The status badge as SVG elements: a white halo, the disc, the mark."""
    colour = STATUS_COLOURS[status or Status.OFFLINE]
    body = f'<circle r="19" fill="{WHITE}"/>'
    if synced and status is not None:
        body += f'<circle r="16" fill="{colour}"/>' + _mark(status, 0, 0, MARK_COLOURS[status])
    else:
        body += (
            f'<circle r="14.5" fill="{WHITE}" stroke="{colour}" '
            'stroke-width="3.5" stroke-dasharray="7 3.5"/>'
        )
        if status not in (None, Status.OFFLINE):
            body += _mark(status, 0, 0, colour)
    return f'<g transform="translate({x} {y}) scale({BADGE_SCALE})">{body}</g>'


def tray_svg(status: Status | None, synced: bool) -> bytes:
    text = resource("icons/tray.svg").read_text(encoding="utf-8")
    return text.replace("@BADGE@", badge(status, synced, 41, 41)).encode()


def glyph_svg(status: Status | None, synced: bool = True) -> bytes:
    """The badge alone, for the window's headline and the tray menu."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
        f"{badge(status, synced, 24, 24)}</svg>\n"
    ).encode()


def render(svg: bytes, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def monochrome_svg(svg: bytes) -> bytes:
    """`svg` in black (ink) and white (holes): every status colour inks, every mark and
    every light part is a hole, so the shapes stay and the colours go."""
    text = svg.decode()
    for colour in (*STATUS_COLOURS.values(), TILE):
        text = text.replace(colour, "#000000")
    for colour in (*MARK_COLOURS.values(), LIGHT):
        text = text.replace(colour, WHITE)
    return text.encode()


def render_mask(svg: bytes, size: int) -> QImage:
    """A template image: black, with the darkness of the black-and-white `svg` as alpha."""
    on_white = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    on_white.fill(Qt.GlobalColor.white)
    painter = QPainter(on_white)
    painter.drawImage(0, 0, render(svg, size))
    painter.end()
    darkness = on_white.convertToFormat(QImage.Format.Format_Grayscale8)
    darkness.invertPixels()
    mask = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    mask.fill(Qt.GlobalColor.black)
    mask.setAlphaChannel(darkness)
    return mask


def _icon(svg: bytes, monochrome: bool = False) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        image = render_mask(monochrome_svg(svg), size) if monochrome else render(svg, size)
        icon.addPixmap(QPixmap.fromImage(image))
    icon.setIsMask(monochrome)
    return icon


def wants_monochrome() -> bool:
    """macOS's menu bar asks for template images, which it tints for light and dark."""
    return sys.platform == "darwin"


@cache
def status_icon(status: Status | None, synced: bool, monochrome: bool | None = None) -> QIcon:
    """The tray icon for a status; pixmaps at every standard size, so it stays crisp.

    Monochrome (a template, by default where the desktop asks for one) keeps the shapes.
    """
    chosen = wants_monochrome() if monochrome is None else monochrome
    return _icon(tray_svg(status, synced), chosen)


@cache
def glyph_icon(status: Status | None) -> QIcon:
    return _icon(glyph_svg(status))


def glyph_pixmap(status: Status | None, size: int, ratio: float = 1.0) -> QPixmap:
    """The glyph at `size` logical pixels, drawn for the screen's pixel ratio (HiDPI)."""
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap.fromImage(render(glyph_svg(status), pixels))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
