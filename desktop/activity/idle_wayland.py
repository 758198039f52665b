"""Idle time from the Wayland compositor itself: the `ext-idle-notify-v1` protocol.

Compositors that are not GNOME tell idleness this way (KWin from Plasma 5.27, and
wlroots ones from 0.16 as far as we know: sway, Hyprland, river…). The protocol has no
idle counter: it sends `idled` once the seat has had no input for a timeout, and
`resumed` at the next input.
So the source keeps one notification with a short timeout to follow the last input to
within that timeout, and adds one with the timeout the monitor asks for (away_after).

It talks to the compositor on a Wayland connection of its own (pywayland), beside
Qt's, and reads its events when the connection's socket is readable, from the event
loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Slot

log = logging.getLogger(__name__)

# The tracking notification's timeout: the idle time is known to within this.
TRACKING_SECONDS = 1.0


def advertised_globals(display: Any) -> tuple[Any, dict[str, tuple[int, int]]]:
    """The registry of a connected pywayland display, and the globals the compositor
    advertises on it: {interface: (name, version)}."""
    found: dict[str, tuple[int, int]] = {}
    registry = display.get_registry()

    def on_global(_registry: Any, name: int, interface: str, version: int) -> None:
        found[interface] = (name, version)

    registry.dispatcher["global"] = on_global
    display.roundtrip()
    return registry, found


class ExtIdleNotifySource(QObject):
    """`ext_idle_notifier_v1` on the session's Wayland display.

    The idle time reads 0 until the tracking notification has said `idled` (the protocol
    counts from the notification's creation, so idleness from before the app started is
    not seen), then the time since plus TRACKING_SECONDS. It is a ReturnWatch (`resumed`)
    and an IdleWatch (a notification with that timeout).
    """

    name = "ext-idle-notify"

    def __init__(
        self,
        display_name: str | None = None,
        parent: QObject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Connect and bind; RuntimeError when there is no display or no such global."""
        super().__init__(parent)
        # Imported here: only Wayland sessions pay for the binding.
        from pywayland.client.display import Display
        from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1
        from pywayland.protocol.wayland import WlSeat

        self._monotonic = monotonic
        self._display: Any = Display(display_name)
        try:
            self._display.connect()
        except Exception as error:  # pywayland raises ValueError, or cffi's errors
            raise RuntimeError(f"no Wayland display to connect to: {error}") from error
        self._broken = False
        # (when, idle seconds then): what the last `idled` says, until `resumed`.
        self._known_idle: tuple[float, float] | None = None
        self._on_return: Callable[[], None] | None = None
        self._on_idle: Callable[[], None] | None = None
        self._idle_watch: tuple[Any, float] | None = None  # (notification, seconds)
        registry, globals_ = advertised_globals(self._display)
        if "ext_idle_notifier_v1" not in globals_ or "wl_seat" not in globals_:
            self._display.disconnect()
            raise RuntimeError("the compositor does not offer ext_idle_notifier_v1")
        seat_name, seat_version = globals_["wl_seat"]
        self._seat = registry.bind(seat_name, WlSeat, min(seat_version, 7))
        self._notifier = registry.bind(globals_["ext_idle_notifier_v1"][0], ExtIdleNotifierV1, 1)
        self._tracking = self._notification(
            TRACKING_SECONDS, self._on_tracking_idled, self._on_resumed
        )
        self._display.roundtrip()
        self._readable = QSocketNotifier(self._display.get_fd(), QSocketNotifier.Type.Read, self)
        self._readable.activated.connect(self.on_readable)

    def _notification(
        self, seconds: float, on_idled: Callable[[], None], on_resumed: Callable[[], None]
    ) -> Any:
        notification = self._notifier.get_idle_notification(round(seconds * 1000), self._seat)

        def idled(_notification: Any) -> None:
            on_idled()

        def resumed(_notification: Any) -> None:
            on_resumed()

        notification.dispatcher["idled"] = idled
        notification.dispatcher["resumed"] = resumed
        self._display.flush()
        return notification

    @Slot()
    def on_readable(self) -> None:
        """The compositor wrote: read and handle its events."""
        try:
            self._display.dispatch(block=True)
        except Exception as error:  # the compositor went away
            log.warning("the Wayland connection for idle time broke: %s", error)
            self._broken = True
            self._readable.setEnabled(False)
            for callback in (self._on_return, self._on_idle):
                if callback is not None:
                    self._later(callback)

    def _on_tracking_idled(self) -> None:
        self._learn_idle(TRACKING_SECONDS)

    def _learn_idle(self, seconds: float) -> None:
        """An `idled` of a notification with this timeout: idle for `seconds` at least."""
        now = self._monotonic()
        known = self._known_idle
        if known is None or seconds > known[1] + (now - known[0]):
            self._known_idle = (now, seconds)

    def _later(self, callback: Callable[[], None]) -> None:
        """Run `callback` from the event loop, not from within pywayland's dispatch, which
        would print and swallow any exception it raised."""
        QTimer.singleShot(0, self, callback)

    def _on_resumed(self) -> None:
        self._known_idle = None
        on_return, self._on_return = self._on_return, None
        if on_return is not None:
            self._later(on_return)

    def idle_seconds(self) -> float | None:
        """Seconds since the last input (to within TRACKING_SECONDS), None once broken."""
        if self._broken:
            return None
        if self._known_idle is None:
            return 0.0
        since, seconds = self._known_idle
        return seconds + (self._monotonic() - since)

    def watch_for_return(self, on_return: Callable[[], None]) -> bool:
        """`on_return` at the next `resumed`."""
        if self._broken:
            return False
        self._on_return = on_return
        return True

    def cancel_return_watch(self) -> None:
        self._on_return = None

    def watch_for_idle(self, seconds: float, on_idle: Callable[[], None]) -> bool:
        """`on_idle` each time the seat has had no input for `seconds`."""
        if self._broken:
            return False
        if self._idle_watch is not None and self._idle_watch[1] != seconds:
            self.cancel_idle_watch()
        if self._idle_watch is None:
            notification = self._notification(seconds, self._on_idle_idled, lambda: None)
            self._idle_watch = (notification, seconds)
        self._on_idle = on_idle
        return True

    def _on_idle_idled(self) -> None:
        if self._idle_watch is not None:
            # Its timer and the tracking one's are not in step: this one knows more.
            self._learn_idle(self._idle_watch[1])
        if self._on_idle is not None:
            self._later(self._on_idle)

    def cancel_idle_watch(self) -> None:
        self._on_idle = None
        if self._idle_watch is not None:
            notification, self._idle_watch = self._idle_watch[0], None
            if not self._broken:
                notification.destroy()
                self._display.flush()

    def close(self) -> None:
        """Destroy the notifications and disconnect (pywayland crashes at exit otherwise)."""
        if self._display is None:
            return
        self._on_return = None
        self._readable.setEnabled(False)
        if not self._broken:
            self.cancel_idle_watch()
            self._tracking.destroy()
            self._notifier.destroy()
            self._display.flush()
        self._display.disconnect()
        self._display = None
