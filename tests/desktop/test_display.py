"""Whether there is a display to start on: asked of a real X server and real sockets."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.display import display_problem, x_display_answers


@pytest.fixture
def wayland_listener(tmp_path: Path) -> Iterator[Path]:
    """A Unix socket that accepts connections, where a compositor's would be."""
    path = tmp_path / "wayland-1"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))
        listener.listen()
        yield path


def test_a_running_x_server_is_a_display(xvfb_display: str) -> None:
    assert x_display_answers(xvfb_display) is True
    assert display_problem({"DISPLAY": xvfb_display}, "linux") is None
    assert display_problem({"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}, "linux") is None


def test_an_x_display_nobody_serves_is_named() -> None:
    assert x_display_answers(":97") is False
    problem = display_problem({"DISPLAY": ":97"}, "linux")
    assert problem is not None
    assert "the X display :97 does not answer" in problem


def test_no_display_variables_at_all() -> None:
    problem = display_problem({}, "linux")
    assert problem == (
        "there is no display to show the tray icon on (neither DISPLAY nor WAYLAND_DISPLAY "
        "is set): start it from within your desktop session, where `availability status` "
        "and the other commands also reach it from any terminal"
    )


def test_a_wayland_compositor_that_listens_is_a_display(wayland_listener: Path) -> None:
    named = {
        "WAYLAND_DISPLAY": wayland_listener.name,
        "XDG_RUNTIME_DIR": str(wayland_listener.parent),
    }
    assert display_problem(named, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": str(wayland_listener)}, "linux") is None
    assert display_problem({**named, "QT_QPA_PLATFORM": "wayland"}, "linux") is None
    # libwayland's default name, when WAYLAND_DISPLAY is not set
    default = wayland_listener.parent / "wayland-0"
    wayland_listener.rename(default)
    assert display_problem({"XDG_RUNTIME_DIR": str(default.parent)}, "linux") is None


def test_a_wayland_socket_nobody_listens_on_is_named(tmp_path: Path) -> None:
    problem = display_problem(
        {"WAYLAND_DISPLAY": "wayland-5", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux"
    )
    assert problem is not None
    assert "Wayland's wayland-5 does not answer" in problem


def test_the_platform_qt_is_told_to_use_is_the_one_that_counts(
    xvfb_display: str, wayland_listener: Path
) -> None:
    wayland = {"WAYLAND_DISPLAY": str(wayland_listener)}
    assert display_problem({**wayland, "QT_QPA_PLATFORM": "xcb"}, "linux") is not None
    x11 = {"DISPLAY": xvfb_display}
    assert display_problem({**x11, "QT_QPA_PLATFORM": "wayland"}, "linux") is not None
    # a list is tried in order: one that works is enough
    assert display_problem({**x11, "QT_QPA_PLATFORM": "wayland;xcb"}, "linux") is None


@pytest.mark.parametrize("plugin", ["offscreen", "vnc:size=800x600", "eglfs", "minimal"])
def test_platforms_that_need_no_display_server_are_left_to_qt(plugin: str) -> None:
    assert display_problem({"QT_QPA_PLATFORM": plugin}, "linux") is None


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_have_a_display(platform: str) -> None:
    assert display_problem({}, platform) is None
