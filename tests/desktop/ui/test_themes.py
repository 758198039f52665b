"""Light and dark themes: nothing assumes a white window, and colour never works alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.icons import render, tray_svg
from desktop.ui.notes import ToneLabel
from desktop.ui.window import AvailabilityWindow
from presence import Status

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}\b")


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2B2B2B"),
        (QPalette.ColorRole.WindowText, "#EEEEEE"),
        (QPalette.ColorRole.Base, "#1E1E1E"),
        (QPalette.ColorRole.AlternateBase, "#333333"),
        (QPalette.ColorRole.Text, "#EEEEEE"),
        (QPalette.ColorRole.Button, "#3A3A3A"),
        (QPalette.ColorRole.ButtonText, "#EEEEEE"),
        (QPalette.ColorRole.PlaceholderText, "#9E9E9E"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tone_colour(label: ToneLabel) -> QColor:
    found = HEX_COLOUR.search(label.styleSheet())
    assert found is not None, label.styleSheet()
    return QColor(found.group())


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_errors_and_warnings_read_on_either_theme(
    qtbot: QtBot, qapp: QApplication, theme: str, request: pytest.FixtureRequest
) -> None:
    if theme == "dark":
        request.getfixturevalue("dark")
    window = AvailabilityWindow()
    qtbot.addWidget(window)
    background = window.palette().color(QPalette.ColorRole.Window)
    labels = window.findChildren(ToneLabel)
    assert labels
    for label in labels:
        assert contrast(tone_colour(label), background) >= 4.5, (label.objectName(), theme)


def test_no_widget_sets_a_colour_of_its_own_beyond_the_tones(qtbot: QtBot) -> None:
    window = AvailabilityWindow()
    qtbot.addWidget(window)
    for widget in [window, *window.findChildren(QWidget)]:
        if isinstance(widget, ToneLabel):
            continue
        assert not HEX_COLOUR.search(widget.styleSheet()), (
            widget.objectName(),
            widget.styleSheet(),
        )


def test_the_tones_follow_a_theme_switched_while_running(
    qtbot: QtBot, qapp: QApplication, dark: None
) -> None:
    window = AvailabilityWindow()
    qtbot.addWidget(window)
    dark_colour = tone_colour(window.quiet.error)
    qapp.setPalette(QPalette(QColor("#F0F0F0")))
    qtbot.waitUntil(lambda: tone_colour(window.quiet.error) != dark_colour)


def greyscale(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def difference(a: QImage, b: QImage) -> int:
    """How many pixels differ clearly in grey."""
    return sum(
        1
        for x in range(a.width())
        for y in range(a.height())
        if abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value()) > 48
    )


@pytest.mark.parametrize("size", [16, 22])
def test_in_greyscale_every_status_still_looks_different(size: int) -> None:
    """Colour-blind people, and panels that desaturate icons, see the shape alone."""
    icons = {status: greyscale(render(tray_svg(status, True), size)) for status in Status}
    for a, b in combinations(Status, 2):
        assert difference(icons[a], icons[b]) >= size // 2, (a, b, size)


@pytest.mark.parametrize("size", [16, 22])
def test_the_monochrome_icons_keep_the_shapes_in_black_alone(qapp: QApplication, size: int) -> None:
    """macOS's template icons: black with alpha; the desktop tints them."""
    from desktop.ui.icons import monochrome_svg, render_mask, status_icon

    masks = {status: render_mask(monochrome_svg(tray_svg(status, True)), size) for status in Status}
    for image in masks.values():
        colours = {
            (
                image.pixelColor(x, y).red(),
                image.pixelColor(x, y).green(),
                image.pixelColor(x, y).blue(),
            )
            for x in range(size)
            for y in range(size)
            if image.pixelColor(x, y).alpha() > 0
        }
        assert colours == {(0, 0, 0)}

    def alpha_difference(a: QImage, b: QImage) -> int:
        return sum(
            1
            for x in range(size)
            for y in range(size)
            if abs(a.pixelColor(x, y).alpha() - b.pixelColor(x, y).alpha()) > 48
        )

    for a, b in combinations(Status, 2):
        assert alpha_difference(masks[a], masks[b]) >= size // 2, (a, b, size)
    assert status_icon(Status.ONLINE, True, monochrome=True).isMask()
    assert not status_icon(Status.ONLINE, True, monochrome=False).isMask()
