"""Render the app icon from resources/icons/availability.svg for every OS's installer.

    python packaging/render_icons.py OUTPUT_DIR

writes OUTPUT_DIR/hicolor/<N>x<N>/apps/availability.png (and scalable/apps/availability.svg)
for Linux, availability.ico for Windows and availability.icns for macOS. The bundle
specs run it at build time, so the SVG stays the one source of the icon.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).resolve().parent.parent / "resources" / "icons" / "availability.svg"
ICON_NAME = "availability"
# The hicolor theme's usual sizes (freedesktop Icon Theme spec), as the tray uses them.
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
# Windows Explorer and the taskbar pick from these; 256 is stored as PNG, like all here.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# The types iconutil writes: 16…512 points at 1x and 2x, each a PNG.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"ic11", 32),
    (b"icp5", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render_png(svg: bytes, size: int) -> bytes:
    """The SVG drawn on a transparent square of `size` pixels, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    png = image.convertToFormat(QImage.Format.Format_ARGB32)
    # PySide6's stub types the format as bytes, but at run time only a str is accepted.
    if not png.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise RuntimeError(f"could not encode the {size} px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """An .ico whose images are PNGs (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    directory = b""
    offset = len(header) + 16 * len(pngs)
    for size, png in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + directory + b"".join(pngs.values())


def icns_file(pngs: dict[int, bytes]) -> bytes:
    """An .icns of PNG entries, one per type iconutil would write."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_all(output: Path, source: Path = SOURCE) -> None:
    svg = source.read_bytes()
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(svg, size) for size in sizes}
    for size in HICOLOR_SIZES:
        folder = output / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{ICON_NAME}.png").write_bytes(pngs[size])
    scalable = output / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable / f"{ICON_NAME}.svg")
    (output / f"{ICON_NAME}.ico").write_bytes(ico_file({size: pngs[size] for size in ICO_SIZES}))
    (output / f"{ICON_NAME}.icns").write_bytes(icns_file(pngs))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    _application = QGuiApplication.instance() or QGuiApplication([])
    render_all(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
