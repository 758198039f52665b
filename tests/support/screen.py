"""What the screen shows: X windows (xwininfo) and the tray icon's status dot (import)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.private_desktop import xwininfo

# '     0x400007 "Availability": ("__main__.py" "Availability")  22x24+0+0  +1+455'
_WINDOW_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<id>0x[0-9a-f]+) (?P<names>.*?)\s+"
    r"(?P<width>\d+)x(?P<height>\d+)[+-]-?\d+[+-]-?\d+\s+(?P<x>[+-]-?\d+)(?P<y>[+-]-?\d+)$"
)
_PIXEL_LINE = re.compile(r"^(\d+),(\d+): \(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)")

# DESIGN.md section 5's status colours (the spec, not the app's own table).
STATUS_COLOURS = {
    "online": "#2E7D32",
    "busy": "#C62828",
    "away": "#F9A825",
    "offline": "#757575",
}
# Antialiasing and scaling blur the dot's edge; its inside keeps the exact colour.
COLOUR_TOLERANCE = 40
MIN_DOT_PIXELS = 6
# Where the badge lies (desktop/ui/icons.py draws it): from 22/64 of the icon onwards,
# and a point inside its disc clear of every status's mark.
BADGE_FROM = 22 / 64
BADGE_INSIDE = 33 / 64
WHITE = (255, 255, 255)


@dataclass
class Window:
    """One X window and its children, as xwininfo describes them."""

    id: str
    names: str  # '"title": ("instance" "class")' as xwininfo writes it
    x: int  # on the root window
    y: int
    width: int
    height: int
    children: list[Window] = field(default_factory=list)

    def title(self) -> str | None:
        match = re.match(r'^"(.*)":', self.names)
        return match.group(1) if match else None

    def walk(self) -> list[Window]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found


def _coordinate(text: str) -> int:
    """xwininfo's '+455' or '+-1'."""
    return int(text.removeprefix("+"))


def window_tree(environment: Mapping[str, str]) -> Window:
    """Every window on the display, from `xwininfo -root -tree`."""
    output = xwininfo(environment, "-root", "-tree")
    root = Window("root", "", 0, 0, 0, 0)
    stack: list[tuple[int, Window]] = [(-1, root)]
    for line in output.splitlines():
        match = _WINDOW_LINE.match(line)
        if match is None:
            continue
        window = Window(
            match["id"],
            match["names"],
            _coordinate(match["x"]),
            _coordinate(match["y"]),
            int(match["width"]),
            int(match["height"]),
        )
        indent = len(match["indent"])
        while stack[-1][0] >= indent:
            stack.pop()
        stack[-1][1].children.append(window)
        stack.append((indent, window))
    return root


def find_windows(tree: Window, name: str) -> list[Window]:
    return [window for window in tree.walk() if window.title() == name]


def embedded_tray_icon(tree: Window, app_title: str = "Availability") -> Window | None:
    """The app's icon window if trayer's panel holds it (XEmbed makes it a descendant)."""
    for panel in find_windows(tree, "panel"):
        icons = [w for w in panel.walk() if w.title() == app_title and w.width > 1]
        if icons:
            return icons[0]
    return None


@dataclass(frozen=True)
class Dot:
    """What the status badge in the icon's lower-right part looks like."""

    status: str | None  # the status colour most of its pixels have; None: no dot found
    filled: bool  # a filled disc (synced) rather than a dashed ring (not synced)
    counts: dict[str, int]  # pixels near each status colour, for failure messages


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) <= COLOUR_TOLERANCE


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def read_pixels(path: Path) -> dict[tuple[int, int], tuple[int, int, int]]:
    """Every pixel of an image as 8-bit RGB, through ImageMagick's txt: format."""
    output = subprocess.run(
        ["convert", str(path), "txt:-"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    header, *lines = output.splitlines()
    maximum = float(header.split(":", 1)[1].split(",")[2])
    pixels: dict[tuple[int, int], tuple[int, int, int]] = {}
    for line in lines:
        match = _PIXEL_LINE.match(line)
        if match:
            x, y, *channels = match.groups()
            r, g, b = (round(float(value) * 255 / maximum) for value in channels)
            pixels[int(x), int(y)] = (r, g, b)
    return pixels


def capture(environment: Mapping[str, str], window: Window, path: Path) -> Path:
    """What the screen shows where the window is (the root window, so as composed)."""
    geometry = f"{window.width}x{window.height}+{window.x}+{window.y}"
    subprocess.run(
        ["import", "-window", "root", "-crop", geometry, "+repage", str(path)],
        env=dict(environment),
        capture_output=True,
        check=True,
        timeout=30,
    )
    return path


def status_dot(pixels: dict[tuple[int, int], tuple[int, int, int]]) -> Dot:
    """Read the status badge from the icon's pixels: its colour, and whether it is filled.

    The badge's disc is centred at 41/64 of the icon with a radius of 19/64. Filled
    (synced), a point inside it, up and left of the mark, has the status colour; not
    synced, that point is white inside a dashed ring.
    """
    width = max(x for x, _ in pixels) + 1
    height = max(y for _, y in pixels) + 1
    badge = {
        (x, y): rgb
        for (x, y), rgb in pixels.items()
        if x >= width * BADGE_FROM and y >= height * BADGE_FROM
    }
    matches = {
        status: [point for point, rgb in badge.items() if _near(rgb, _rgb(colour))]
        for status, colour in STATUS_COLOURS.items()
    }
    counts = {status: len(points) for status, points in matches.items()}
    status = max(counts, key=lambda name: counts[name])
    if counts[status] < MIN_DOT_PIXELS:
        return Dot(None, False, counts)
    inside = (round(width * BADGE_INSIDE), round(height * BADGE_INSIDE))
    filled = _near(badge.get(inside, WHITE), _rgb(STATUS_COLOURS[status]))
    return Dot(status, filled, counts)
