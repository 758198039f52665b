"""Whether the tray app has a display to start on, asked before Qt is.

Qt ends the process with abort() when its platform plugin finds no display, and its
message then points at a missing library. The launcher asks here first, so that a
start without a display ends with one sentence, and a second launch only talks to the
running app over its socket. Only a certain answer counts: when in doubt, Qt decides.
"""

from __future__ import annotations

import ctypes
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

# Platform plugins that need a display server to connect to; any other (offscreen, vnc,
# eglfs…) shows somewhere of its own, and is left to Qt.
_X11 = "xcb"
_WAYLAND = ("wayland", "wayland-egl")


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> str | None:
    """None when there is, or may be, a display; otherwise why there is none, in words."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None  # Windows and macOS always have their own
    environ = os.environ if environ is None else environ
    plugins = [
        name.split(":", 1)[0].strip()
        for name in environ.get("QT_QPA_PLATFORM", "").split(";")
        if name.strip()
    ]
    if any(name != _X11 and name not in _WAYLAND for name in plugins):
        return None
    wanted = set(plugins) or {_X11, *_WAYLAND}
    x_display = environ.get("DISPLAY", "")
    if _X11 in wanted and x_display and x_display_answers(x_display) is not False:
        return None
    wayland = wayland_socket(environ)
    if wanted & set(_WAYLAND) and wayland is not None and _unix_socket_answers(wayland):
        return None
    return _why(x_display, environ.get("WAYLAND_DISPLAY", ""))


def _why(x_display: str, wayland_display: str) -> str:
    if x_display and wayland_display:
        reason = f"neither the X display {x_display} nor Wayland's {wayland_display} answers"
    elif x_display:
        reason = f"the X display {x_display} does not answer"
    elif wayland_display:
        reason = f"Wayland's {wayland_display} does not answer"
    else:
        reason = "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return (
        f"there is no display to show the tray icon on ({reason}): start it from within "
        "your desktop session, where `availability status` and the other commands also "
        "reach it from any terminal"
    )


def x_display_answers(name: str) -> bool | None:
    """Whether an X server accepts us at `name` (its authorisation included), as Qt's xcb
    plugin would connect; None when libxcb cannot be loaded to ask."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")  # Qt's xcb plugin links this very file
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(name.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)  # also frees the error connection


def wayland_socket(environ: Mapping[str, str]) -> Path | None:
    """Where libwayland would connect: WAYLAND_DISPLAY (default wayland-0) under
    XDG_RUNTIME_DIR, or as an absolute path."""
    name = environ.get("WAYLAND_DISPLAY") or "wayland-0"
    if os.path.isabs(name):
        return Path(name)
    runtime_dir = environ.get("XDG_RUNTIME_DIR")
    return Path(runtime_dir) / name if runtime_dir else None


def _unix_socket_answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True
