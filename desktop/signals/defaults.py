"""The signals the app watches by default, for the platform it runs on."""

from __future__ import annotations

from desktop.memory_keyring import MemoryKeyring
from desktop.signals.calendar_editing import CalendarEditing
from desktop.signals.calendar_signal import CalendarSignal
from desktop.signals.calendar_sources import CalendarSources
from desktop.signals.call_signal import CallSignal, default_call_readers
from desktop.signals.do_not_disturb import DoNotDisturbSignal
from desktop.signals.hub import SignalHub
from desktop.sync.password_store import PasswordStore, SystemKeyring

# The calendars belong to whoever uses this computer's account, whichever server.
CALENDAR_ACCOUNT = "calendars"


def calendar_keyring() -> PasswordStore:
    """The system keyring, unless it would write the calendars' addresses (which may hold
    a secret token) to a plain file: then they live in memory, for this run only."""
    system = SystemKeyring()
    return MemoryKeyring() if system.writes_plain_text() else system


def default_signals(
    keyring: PasswordStore | None = None,
) -> tuple[SignalHub, CalendarEditing]:
    """Calls, Do Not Disturb and the calendar, and what adds and removes calendars."""
    sources = CalendarSources(CALENDAR_ACCOUNT, keyring or calendar_keyring())
    calendar = CalendarSignal(sources)
    hub = SignalHub(CallSignal(default_call_readers()), DoNotDisturbSignal(), calendar)
    return hub, CalendarEditing(sources, calendar.on_sources_changed)
