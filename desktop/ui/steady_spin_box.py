"""A spin box the mouse wheel cannot change in passing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QSpinBox, QWidget


class SteadySpinBox(QSpinBox):
    """Takes the wheel only once the person has clicked or tabbed into it.

    A plain QSpinBox turns under a wheel that scrolls past it, and each turn is a saved
    edit (the capacity went from 1 to 4 that way). The wheel then scrolls the window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel gives it no focus

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
