"""The files the installers ship beside the program: menu entry, AppStream metainfo,
icons for every OS, and the macOS Info.plist. None of these needs the bundle built."""

from __future__ import annotations

import configparser
import plistlib
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QApplication

from tests.support.tools import require_tool

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
APP_ID = "org.availability.Availability"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
# The freedesktop Icon Theme spec's usual sizes; what Windows' shell and macOS' Finder pick.
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
ICNS_SIZES = [16, 32, 32, 64, 128, 256, 256, 512, 512, 1024]


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(RESOURCES / "availability.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_metainfo_passes_appstream_validation() -> None:
    appstreamcli = require_tool("appstreamcli")
    finished = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--explain", METAINFO],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_the_metainfo_and_the_menu_entry_describe_the_same_app() -> None:
    component = ElementTree.parse(METAINFO).getroot()  # noqa: S314 (our own file)
    entry = desktop_entry()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == "availability.desktop"
    assert component.findtext("icon[@type='stock']") == entry["Icon"] == "availability"
    assert component.findtext("name") == entry["Name"]
    assert component.findtext("provides/binary") == entry["Exec"] == "availability"
    categories = [element.text for element in component.iterfind("categories/category")]
    assert categories == [c for c in entry["Categories"].split(";") if c]


def test_the_icons_are_drawn_at_every_size_each_os_wants(
    qapp: QApplication, tmp_path: Path
) -> None:
    # As the spec runs it, at build time.
    script = ROOT / "packaging" / "render_icons.py"
    subprocess.run([sys.executable, script, tmp_path], check=True, timeout=120)
    for size in HICOLOR_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "availability.png"
        assert image_sizes(png) == [size]
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "availability.svg").exists()
    assert image_sizes(tmp_path / "availability.ico") == ICO_SIZES
    assert image_sizes(tmp_path / "availability.icns") == ICNS_SIZES


def image_sizes(path: Path) -> list[int]:
    """The square size of each image in a PNG, .ico or .icns, as Qt's readers decode them."""
    reader = QImageReader(str(path))
    sizes = []
    for number in range(max(reader.imageCount(), 1)):
        assert number == 0 or reader.jumpToImage(number)
        image = reader.read()
        assert not image.isNull(), (path.name, number, reader.errorString())
        assert image.width() == image.height()
        # The corner stays transparent: the SVG is a rounded square.
        assert image.pixelColor(0, 0).alpha() == 0
        sizes.append(image.width())
    return sizes


@pytest.mark.parametrize("key", ["LSUIElement", "NSHighResolutionCapable"])
def test_the_macos_app_has_no_dock_icon_and_draws_sharp(key: str) -> None:
    with (ROOT / "packaging" / "macos" / "Info.plist").open("rb") as file:
        assert plistlib.load(file)[key] is True
