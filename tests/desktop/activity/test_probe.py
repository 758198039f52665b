"""Probing order and fallback, against fake desktop services on a private bus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from desktop.activity.defaults import idle_candidates
from desktop.activity.idle_dbus import MutterIdleSource, ScreenSaverIdleSource
from desktop.activity.probe import IdleSourceFactory, UnknownIdleSource, probe_idle_source
from desktop.activity.state import IdleSource
from tests.support.fake_desktop import FakeDesktop
from tests.support.idle_sources import SettableIdle

NO_DISPLAY: dict[str, str] = {}


def factory_name(factory: IdleSourceFactory) -> str:
    """The `name` of the source class a candidate builds: the class, or a partial of it."""
    source_class: Any = getattr(factory, "func", factory)
    return str(source_class.name)


def test_mutter_reports_milliseconds_as_seconds(
    bus: QDBusConnection, fake_desktop: Callable[..., FakeDesktop]
) -> None:
    desktop = fake_desktop("mutter")
    desktop.control("SetIdle", 4250)
    assert MutterIdleSource(bus).idle_seconds() == pytest.approx(4.25)


def test_screensaver_falls_back_to_the_kde_path(
    bus: QDBusConnection, fake_desktop: Callable[..., FakeDesktop]
) -> None:
    desktop = fake_desktop("screensaver")
    desktop.control("SetIdle", 61000)
    assert ScreenSaverIdleSource(bus).idle_seconds() == pytest.approx(61.0)


def test_mutter_is_preferred_when_both_answer(
    bus: QDBusConnection, fake_desktop: Callable[..., FakeDesktop]
) -> None:
    fake_desktop("mutter", "screensaver")
    source = probe_idle_source(idle_candidates("linux", NO_DISPLAY, bus))
    assert source.name == "mutter"


def test_screensaver_is_used_when_mutter_is_absent(
    bus: QDBusConnection, fake_desktop: Callable[..., FakeDesktop]
) -> None:
    fake_desktop("screensaver")
    source = probe_idle_source(idle_candidates("linux", NO_DISPLAY, bus))
    assert source.name == "freedesktop-screensaver"
    assert source.idle_seconds() == pytest.approx(1.5)


def test_x11_is_used_when_no_dbus_service_answers(bus: QDBusConnection, xvfb_display: str) -> None:
    source = probe_idle_source(idle_candidates("linux", {"DISPLAY": xvfb_display}, bus))
    try:
        assert source.name == "xscreensaver"
    finally:
        source.close()


def test_no_display_and_no_service_means_unknown(bus: QDBusConnection) -> None:
    source = probe_idle_source(idle_candidates("linux", NO_DISPLAY, bus))
    assert isinstance(source, UnknownIdleSource)
    assert source.idle_seconds() is None


def test_wayland_never_offers_x11_or_pynput(bus: QDBusConnection) -> None:
    environ = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    names = [factory_name(factory) for factory in idle_candidates("linux", environ, bus)]
    assert names == ["mutter", "ext-idle-notify", "freedesktop-screensaver"]


def test_x11_has_no_wayland_candidate(bus: QDBusConnection) -> None:
    names = [factory_name(f) for f in idle_candidates("linux", {"DISPLAY": ":0"}, bus)]
    assert names == ["mutter", "freedesktop-screensaver", "xscreensaver", "pynput"]


def test_a_wayland_display_that_does_not_answer_is_no_idle_source(
    bus: QDBusConnection, tmp_path: Path
) -> None:
    environ = {"WAYLAND_DISPLAY": str(tmp_path / "wayland-nobody")}
    source = probe_idle_source(idle_candidates("linux", environ, bus))
    assert isinstance(source, UnknownIdleSource)


def test_windows_and_macos_have_their_own_single_candidate() -> None:
    assert [factory_name(f) for f in idle_candidates("win32")] == ["windows-lastinputinfo"]
    assert [factory_name(f) for f in idle_candidates("darwin")] == ["macos-cgeventsource"]


def test_probe_takes_the_first_answer_and_closes_the_rejected() -> None:
    silent, failing_first = SettableIdle(None, "silent"), SettableIdle(3.0, "first")
    second = SettableIdle(1.0, "second")

    def broken() -> IdleSource:
        raise OSError("no such library")

    source = probe_idle_source([broken, lambda: silent, lambda: failing_first, lambda: second])
    assert source is failing_first
    assert silent.closed
    assert not failing_first.closed
    assert not second.closed  # never even built into use


def test_probe_with_nothing_working_is_unknown_never_active() -> None:
    silent = SettableIdle(None, "silent")
    source = probe_idle_source([lambda: silent])
    assert isinstance(source, UnknownIdleSource)
    assert silent.closed
