"""The mouse wheel changes the capacity only once the person has chosen that field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.window import AvailabilityWindow

ONE_NOTCH_UP = QPoint(0, 120)


def wheel_over(window: AvailabilityWindow, notches: int) -> None:
    box = window.capacity
    centre = QPointF(box.rect().center())
    for _ in range(notches):
        event = QWheelEvent(
            centre,
            QPointF(box.mapToGlobal(box.rect().center())),
            QPoint(),
            ONE_NOTCH_UP,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(box, event)


@pytest.fixture
def window(qtbot: QtBot) -> AvailabilityWindow:
    """The window on screen, capacity at 1."""
    window = AvailabilityWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.capacity.setValue(1)
    return window


def test_a_wheel_scrolling_past_the_capacity_changes_nothing(window: AvailabilityWindow) -> None:
    edits: list[object] = []
    window.edited.connect(edits.append)
    wheel_over(window, 3)
    window.flush()
    assert window.capacity.value() == 1
    assert edits == []


def test_the_wheel_turns_the_capacity_once_it_has_focus(
    qtbot: QtBot, window: AvailabilityWindow
) -> None:
    window.activateWindow()
    window.capacity.setFocus()
    qtbot.waitUntil(window.capacity.hasFocus)
    wheel_over(window, 2)
    assert window.capacity.value() == 3
