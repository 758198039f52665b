"""Windows that grow to show wrapped text whole, and scroll when the screen is too small.

A word-wrapped label needs more height at a smaller width, but Qt sizes a top-level
window from its size hint once and leaves the layout to squeeze the label afterwards:
the window's descriptions were cut off that way. `fit_height` makes a window as tall as
its content needs at its present width, but never taller than the screen leaves room
for; a window whose content sits in a scroll area then scrolls instead of being cut.
"""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget

TITLE_BAR = 48  # room kept for the window manager's title bar and a panel


def needed_height(window: QWidget, scroll: QScrollArea | None = None) -> int:
    """The height at which nothing of `window` (or of what `scroll` holds) is squeezed."""
    target = scroll.widget() if scroll is not None else window
    layout = target.layout() if target is not None else None
    if layout is None:
        return window.height()
    layout.activate()
    width = scroll.viewport().width() if scroll is not None else window.width()
    if layout.hasHeightForWidth():
        inner = layout.totalHeightForWidth(width)
    else:
        inner = layout.totalMinimumSize().height()
    if scroll is None:
        return inner
    outside = 2 * scroll.frameWidth()
    outer = window.layout()
    if outer is not None:
        margins = outer.contentsMargins()
        outside += margins.top() + margins.bottom()
    return inner + outside


def fit_height(window: QWidget, scroll: QScrollArea | None = None) -> None:
    """Grow `window` to what it needs, up to the screen's free height.

    Without a scroll area, what it needs is also its minimum: nothing may be squeezed.
    """
    needed = needed_height(window, scroll)
    screen = window.screen()
    room = screen.availableGeometry().height() - TITLE_BAR if screen is not None else needed
    if scroll is None and window.minimumHeight() != needed:
        window.setMinimumHeight(needed)
    wanted = min(needed, room) if scroll is not None else needed
    if window.height() < wanted:
        window.resize(window.width(), wanted)
