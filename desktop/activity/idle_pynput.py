"""Idle time from pynput keyboard and mouse listeners: the last fallback on X11."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

log = logging.getLogger(__name__)


class InputListener(Protocol):
    """The part of a pynput listener thread this source uses."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def is_alive(self) -> bool: ...


ListenerFactory = Callable[[Callable[..., None]], InputListener]


def _pynput_listener_factories() -> list[ListenerFactory]:
    # pynput picks its backend at import and raises ImportError without an X display,
    # so it is imported only when this fallback is actually tried.
    from pynput import keyboard, mouse

    def keyboard_listener(on_input: Callable[..., None]) -> InputListener:
        listener: InputListener = keyboard.Listener(on_press=on_input, on_release=on_input)
        return listener

    def mouse_listener(on_input: Callable[..., None]) -> InputListener:
        listener: InputListener = mouse.Listener(
            on_move=on_input, on_click=on_input, on_scroll=on_input
        )
        return listener

    return [keyboard_listener, mouse_listener]


class PynputIdleSource:
    """Seconds since a listener last saw input; None once any listener thread has died.

    Listener threads die silently when the X server goes away (aw-watcher-afk #27), and
    then the user would look idle for ever. The health check turns that into "unknown".
    On Wayland pynput sees only XWayland clients, so it is never offered there.
    """

    name = "pynput"

    def __init__(
        self,
        listener_factories: Sequence[ListenerFactory] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        factories = (
            listener_factories if listener_factories is not None else _pynput_listener_factories()
        )
        self._clock = clock
        self._lock = threading.Lock()
        self._last_input = clock()
        self._listeners = [factory(self._on_input) for factory in factories]
        for listener in self._listeners:
            listener.start()
        self._closed = False

    def _on_input(self, *_event: object) -> None:
        now = self._clock()
        with self._lock:
            self._last_input = now

    def idle_seconds(self) -> float | None:
        """Seconds since the last input seen, or None when a listener is not running."""
        if self._closed or not all(listener.is_alive() for listener in self._listeners):
            log.debug("pynput listener thread is not running")
            return None
        with self._lock:
            last_input = self._last_input
        return max(0.0, self._clock() - last_input)

    def listeners_running(self) -> bool:
        """Whether any listener thread is still running (after close(), until it ends)."""
        return any(listener.is_alive() for listener in self._listeners)

    def close(self) -> None:
        """Ask the listener threads to stop; they are daemon threads and are not joined.

        On X11 a stopped listener only returns once one more event arrives.
        """
        self._closed = True
        for listener in self._listeners:
            listener.stop()
