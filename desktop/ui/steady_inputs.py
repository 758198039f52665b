"""Number and time fields that the mouse wheel cannot change in passing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox, QTimeEdit, QWidget


def _steady(field: QAbstractSpinBox) -> None:
    field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel gives it no focus


def _wheel_if_focused(field: QAbstractSpinBox, event: QWheelEvent) -> bool:
    """Whether `field` may take `event`; if not, the wheel scrolls the window instead."""
    if field.hasFocus():
        return True
    event.ignore()
    return False


class SteadySpinBox(QSpinBox):
    """Takes the wheel only once the person has clicked or tabbed into it.

    A plain QSpinBox turns under a wheel that scrolls past it, and each turn is a saved
    edit (the capacity went from 1 to 4 that way). The wheel then scrolls the window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _steady(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if _wheel_if_focused(self, event):
            super().wheelEvent(event)


class SteadyTimeEdit(QTimeEdit):
    """A 24-hour 'HH:mm' field, steady under the wheel, where one click picks a part.

    A plain QTimeEdit puts the cursor where it is clicked, so typing "21" after one click
    inserts digits; here a click selects the hour or the minutes, and typing replaces them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _steady(self)
        self.setDisplayFormat("HH:mm")

    def wheelEvent(self, event: QWheelEvent) -> None:
        if _wheel_if_focused(self, event):
            super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() is Qt.MouseButton.LeftButton:
            self.setSelectedSection(self.currentSection())
