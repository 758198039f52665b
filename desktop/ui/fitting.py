"""Windows that grow to show wrapped text whole.

A word-wrapped label needs more height at a smaller width, but Qt sizes a top-level
window from its size hint once and leaves the layout to squeeze the label afterwards:
the window's descriptions were cut off that way. `fit_height` makes the window at least
as tall as its layout needs at its present width.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_height(window: QWidget) -> None:
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
    else:
        needed = layout.totalMinimumSize().height()
    if window.minimumHeight() != needed:
        window.setMinimumHeight(needed)
    if window.height() < needed:
        window.resize(window.width(), needed)
