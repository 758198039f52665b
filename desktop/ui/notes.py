"""Labels that say something is wrong, worth knowing, or a hint, legible on any theme.

Their colours follow the palette: a dark theme gets light reds and ambers, a light one
dark ones, and hints use the palette's own placeholder colour. Nothing assumes a white
window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from desktop.ui.naming import named

# (on a light window, on a dark window)
_TONES = {
    "error": ("#B71C1C", "#EF9A9A"),
    "warning": ("#8D4E00", "#FFCC80"),
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class ToneLabel(QLabel):
    """A word-wrapped label in the tone's colour; a boxed one gets a bar at its side."""

    def __init__(self, tone: str, boxed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tone = tone
        self._boxed = boxed
        self.setWordWrap(True)
        self._restyle()

    def _restyle(self) -> None:
        colour = _TONES[self._tone][is_dark(self.palette())]
        style = f"color: {colour};"
        if self._boxed:
            style += (
                f"border-left: 4px solid {colour}; padding: 6px 8px;"
                "background: palette(alternate-base);"
            )
        if style != self.styleSheet():  # a style sheet changes the palette: no loop
            self.setStyleSheet(style)
            self.updateGeometry()  # the padding changes the height it needs

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)


def error_label(name: str) -> ToneLabel:
    """A field's refusal, hidden until there is one."""
    label = named(ToneLabel("error"), name)
    label.hide()
    return label


def warning_box(name: str) -> ToneLabel:
    """Something that overrides the person's choice, boxed, hidden until it holds."""
    label = named(ToneLabel("warning", boxed=True), name)
    label.hide()
    return label


def hint_label(text: str) -> QLabel:
    """A quiet explanation under a choice."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text); margin-left: 24px;")
    return label
