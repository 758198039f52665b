"""The wheel changes a number or a time only once the person has chosen that field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.steady_inputs import SteadyTimeEdit
from desktop.ui.window import AvailabilityWindow

ONE_NOTCH_UP = QPoint(0, 120)


def wheel_over(field: QWidget, notches: int) -> None:
    """The mouse wheel turned `notches` up over the middle of `field`."""
    centre = QPointF(field.rect().center())
    for _ in range(notches):
        event = QWheelEvent(
            centre,
            QPointF(field.mapToGlobal(field.rect().center())),
            QPoint(),
            ONE_NOTCH_UP,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(field, event)


@pytest.fixture
def window(qtbot: QtBot) -> AvailabilityWindow:
    """The window on screen, capacity at 1."""
    window = AvailabilityWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.sessions.capacity.setValue(1)
    return window


def test_a_wheel_scrolling_past_the_capacity_changes_nothing(window: AvailabilityWindow) -> None:
    edits: list[object] = []
    window.edited.connect(edits.append)
    wheel_over(window.sessions.capacity, 3)
    window.flush()
    assert window.sessions.capacity.value() == 1
    assert edits == []


def test_the_wheel_turns_the_capacity_once_it_has_focus(
    qtbot: QtBot, window: AvailabilityWindow
) -> None:
    window.activateWindow()
    window.sessions.capacity.setFocus()
    qtbot.waitUntil(window.sessions.capacity.hasFocus)
    wheel_over(window.sessions.capacity, 2)
    assert window.sessions.capacity.value() == 3


def test_a_wheel_scrolling_past_a_time_changes_nothing_and_one_click_picks_a_part(
    qtbot: QtBot,
) -> None:
    field = SteadyTimeEdit()
    qtbot.addWidget(field)
    field.setTime(QTime(21, 0))
    field.show()
    qtbot.waitExposed(field)
    wheel_over(field, 1)
    assert field.time() == QTime(21, 0)
    # One click on the hours selects them: typing replaces them, no double click needed.
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(4, field.height() // 2))
    assert field.currentSection() is QTimeEdit.Section.HourSection
    line_edit = field.findChild(QLineEdit)
    assert line_edit is not None
    assert line_edit.selectedText() == "21"
    QTest.keyClicks(field, "07")
    assert field.time() == QTime(7, 0)
