"""The window's "What counts": each signal turned on in the window changes the status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.memory_keyring import MemoryKeyring
from desktop.signals.calendar_editing import CalendarEditing
from desktop.signals.calendar_signal import CalendarSignal
from desktop.signals.calendar_sources import CalendarSources
from desktop.signals.do_not_disturb import DoNotDisturbSignal
from desktop.signals.hub import SignalHub
from desktop.signals.notifications_inhibited import NotificationsInhibited
from server.store.users import User
from tests.support.api_harness import Harness
from tests.support.app_in_process import signed_in_app
from tests.support.fake_desktop import FakeDesktop, start_fake_services
from tests.support.feed_server import FeedServer, Page, feed_server
from tests.support.sync_clients import other_client, read_availability
from tests.support.waiting import WAIT_MS

FEED_PATH = "/cal/secret-token-1234/basic.ics"


def ics(start: datetime, end: datetime, title: str) -> bytes:
    stamp = "%Y%m%dT%H%M%SZ"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Availability tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:one\r\nDTSTAMP:20250101T000000Z\r\n"
        f"DTSTART:{start.strftime(stamp)}\r\nDTEND:{end.strftime(stamp)}\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as served:
        yield served


def server_status(server: Harness, user: User) -> tuple[str, str]:
    body: dict[str, Any] = other_client(server, user).get("/v1/me/status").json()
    return body["status"], body["reason"]


def test_a_calendar_added_in_the_window_makes_the_professional_busy_until_its_event_ends(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    feeds: FeedServer,
) -> None:
    now = datetime.now(UTC)
    server.clock.set(now)  # the server and the calendar share the wall clock
    end = (now + timedelta(minutes=50)).replace(microsecond=0)
    feeds.pages[FEED_PATH] = Page(
        ics(now - timedelta(minutes=5), end, "Therapy with A."), etag='"1"'
    )
    sources = CalendarSources("calendars", MemoryKeyring())
    calendar = CalendarSignal(sources)
    hub = SignalHub(None, None, calendar)
    editing = CalendarEditing(sources, calendar.on_sources_changed)
    app = signed_in_app(
        qtbot, make_app, server, professional, signals=hub, calendar_editing=editing
    )
    window = app.window
    app.show_window()
    what_counts = window.what_counts
    assert what_counts.lines["calendar"].text() == "No calendar added"

    what_counts.add_calendar.click()
    dialog = app.calendar_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.url.setText(feeds.url(FEED_PATH))
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    # Opened again, it is empty and ready for the next calendar (the address held a token).
    what_counts.add_calendar.click()
    assert dialog.url.text() == ""
    assert dialog.add_button.isEnabled()
    dialog.reject()

    qtbot.waitUntil(
        lambda: what_counts.lines["calendar"].text().startswith("Busy until"), timeout=WAIT_MS
    )
    assert "Therapy" not in what_counts.lines["calendar"].text()  # titles only if asked
    qtbot.waitUntil(
        lambda: server_status(server, professional) == ("busy", "calendar"), timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: window.reason.text() == "Your calendar has a busy event now.", timeout=WAIT_MS
    )
    assert window.headline.text() == "Busy (calendar event)"
    assert what_counts.calendar_rows[0][1].text().startswith("127.0.0.1:")
    assert "secret-token" not in what_counts.calendar_rows[0][1].text()

    what_counts.show_titles.click()
    assert what_counts.lines["calendar"].text().endswith(": Therapy with A.")
    assert app.settings.settings.show_event_titles is True

    # Removed: free again, and the server hears it at once.
    what_counts.calendar_rows[0][2].click()
    qtbot.waitUntil(
        lambda: what_counts.lines["calendar"].text() == "No calendar added", timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: server_status(server, professional) == ("online", "active"), timeout=WAIT_MS
    )


@pytest.fixture
def notifications(
    private_bus: str, tmp_path: Path
) -> Iterator[tuple[QDBusConnection, FakeDesktop]]:
    """A notification server on a private bus, and this process's connection to it."""
    connection = QDBusConnection.connectToBus(private_bus, "what-counts")
    with ExitStack() as children:
        start_fake_services(children, private_bus, ["notifications"], tmp_path / "services.log")
        yield connection, FakeDesktop(connection)
    QDBusConnection.disconnectFromBus("what-counts")


def test_do_not_disturb_makes_the_professional_busy_once_the_window_says_so(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    notifications: tuple[QDBusConnection, FakeDesktop],
) -> None:
    connection, notification_server = notifications
    dnd = DoNotDisturbSignal([NotificationsInhibited(connection)])
    app = signed_in_app(qtbot, make_app, server, professional, signals=SignalHub(None, dnd, None))
    line = app.window.what_counts.lines["dnd"]
    qtbot.waitUntil(
        lambda: line.text() == "Off (read from the notification server)", timeout=WAIT_MS
    )
    notification_server.control("SetNotificationsInhibited", True)
    qtbot.waitUntil(
        lambda: line.text() == "On (read from the notification server)", timeout=WAIT_MS
    )
    # On by itself changes nothing: the setting is off by default.
    assert server_status(server, professional) == ("online", "active")
    app.window.what_counts.busy_in_dnd.click()
    qtbot.waitUntil(
        lambda: server_status(server, professional) == ("busy", "do_not_disturb"), timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: app.window.reason.text() == "Do Not Disturb is on on your computer.",
        timeout=WAIT_MS,
    )
    notification_server.control("SetNotificationsInhibited", False)
    qtbot.waitUntil(
        lambda: server_status(server, professional) == ("online", "active"), timeout=WAIT_MS
    )


def test_a_calendar_address_that_is_refused_is_told_in_the_dialog_and_not_kept(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    keyring = MemoryKeyring()
    sources = CalendarSources("calendars", keyring)
    calendar = CalendarSignal(sources)
    editing = CalendarEditing(sources, calendar.on_sources_changed)
    app = signed_in_app(
        qtbot,
        make_app,
        server,
        professional,
        signals=SignalHub(None, None, calendar),
        calendar_editing=editing,
    )
    app.window.what_counts.add_calendar.click()
    dialog = app.calendar_dialog
    assert dialog is not None
    dialog.url.setText("ftp://calendar.example.org/x.ics")
    dialog.submit()
    assert dialog.error.isVisibleTo(dialog)
    assert "https://" in dialog.error.text()
    dialog.caldav.setChecked(True)
    dialog.url.setText("https://dav.example.org/cal/")
    dialog.submit()
    assert dialog.error.text() == "A CalDAV calendar needs a user name."
    assert dialog.username.hasFocus() or not dialog.isActiveWindow()
    assert sources.read().sources == ()


@pytest.mark.parametrize(
    ("box", "field"),
    [("busy_in_calls", "busy_in_calls"), ("busy_in_dnd", "busy_in_do_not_disturb")],
)
def test_the_signal_settings_reach_the_server(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    professional: User,
    box: str,
    field: str,
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    checkbox = getattr(app.window.what_counts, box)
    before = read_availability(server, professional)[field]
    assert checkbox.isChecked() is before
    checkbox.click()
    qtbot.waitUntil(
        lambda: read_availability(server, professional)[field] is (not before), timeout=WAIT_MS
    )


def test_the_wrap_up_minutes_reach_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    spin = app.window.sessions.wrap_up
    assert spin.text() == "None"
    spin.setValue(15)
    qtbot.waitUntil(
        lambda: read_availability(server, professional)["wrap_up_minutes"] == 15, timeout=WAIT_MS
    )
    assert spin.text() == "15 min"
