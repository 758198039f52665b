"""The list of calendar sources, kept in a (memory) keyring."""

from __future__ import annotations

import json
import logging

import pytest

from desktop.memory_keyring import MemoryKeyring
from desktop.signals.calendar_sources import (
    SERVICE,
    CaldavSource,
    CalendarSources,
    IcsSource,
    StoredSources,
    source_label,
)

FEED = IcsSource("https://calendar.example.org/ical/ab12-secret-token/basic.ics")
DAV = CaldavSource("https://dav.example.org/calendars/me/sessions/", "me", "s3cret-pass")


class BrokenKeyring(MemoryKeyring):
    """A keyring that is locked: every call fails, as a backend's would."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("locked")


def test_sources_are_added_kept_in_one_keyring_entry_and_read_back() -> None:
    keyring = MemoryKeyring()
    sources = CalendarSources("therapist@example.org", keyring)
    assert sources.add(FEED) is None
    assert sources.add(DAV) is None
    assert sources.read() == StoredSources((FEED, DAV))
    assert list(keyring.passwords) == [(SERVICE, "therapist@example.org")]
    stored = json.loads(keyring.passwords[(SERVICE, "therapist@example.org")])
    assert stored == [
        {"kind": "ics", "url": FEED.url},
        {"kind": "caldav", "url": DAV.url, "username": "me", "password": "s3cret-pass"},
    ]
    # Another account on the same machine has its own list.
    assert CalendarSources("someone-else", keyring).read() == StoredSources(())


def test_a_source_is_removed_and_the_last_removal_clears_the_entry() -> None:
    keyring = MemoryKeyring()
    sources = CalendarSources("me", keyring)
    sources.add(FEED)
    sources.add(DAV)
    assert sources.remove(FEED.url) is None
    assert sources.read().sources == (DAV,)
    assert sources.remove("https://not.there/x.ics") is None
    assert sources.remove(DAV.url) is None
    assert keyring.passwords == {}


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (IcsSource(""), "Please enter the calendar's address."),
        (
            IcsSource("ftp://example.org/cal.ics"),
            "Only addresses starting with https://, http:// or webcal:// can be used.",
        ),
        (IcsSource("calendar.example.org/cal.ics"), "Only addresses starting with"),
        (IcsSource("https:///cal.ics"), "This calendar address has no server name in it."),
        (IcsSource("https://example.org/my cal.ics"), "contains spaces"),
        (IcsSource("https://[::1/cal.ics"), "This calendar address is not valid."),
        (CaldavSource("https://dav.example.org/c/", " ", "pw"), "needs a user name"),
        (CaldavSource("webcal://dav.example.org/c/", "me", "pw"), "must start with https://"),
        (CaldavSource("http://dav.example.org/c/", "me", "pw"), "not sent openly"),
    ],
)
def test_bad_sources_are_refused_in_words_and_nothing_is_stored(
    source: IcsSource | CaldavSource, words: str
) -> None:
    keyring = MemoryKeyring()
    refused = CalendarSources("me", keyring).add(source)
    assert refused is not None
    assert words in refused
    assert keyring.passwords == {}


def test_webcal_and_loopback_caldav_over_http_are_accepted() -> None:
    sources = CalendarSources("me", MemoryKeyring())
    assert sources.add(IcsSource("webcal://example.org/cal.ics")) is None
    assert sources.add(CaldavSource("http://127.0.0.1:5232/me/cal/", "me", "pw")) is None


def test_the_same_address_twice_is_refused() -> None:
    sources = CalendarSources("me", MemoryKeyring())
    sources.add(FEED)
    assert sources.add(IcsSource(FEED.url + " ")) == "This calendar is already in the list."
    assert sources.read().sources == (FEED,)


def test_a_locked_keyring_is_told_in_words() -> None:
    sources = CalendarSources("me", BrokenKeyring())
    assert sources.read().problem is not None
    assert sources.add(FEED) == sources.read().problem


def test_a_failing_save_is_told_in_words() -> None:
    class ReadOnlyKeyring(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError("read-only")

    keyring = ReadOnlyKeyring()
    refused = CalendarSources("me", keyring).add(FEED)
    assert refused == "The list of calendars could not be saved in the system's password store."
    assert keyring.passwords == {}


def test_a_damaged_entry_is_told_and_unusable_entries_are_left_out() -> None:
    keyring = MemoryKeyring()
    keyring.set_password(SERVICE, "me", "{not json")
    assert CalendarSources("me", keyring).read().problem == (
        "The stored list of calendars is damaged; please add the calendars again."
    )
    entries = [{"kind": "ics", "url": FEED.url}, {"kind": "ics"}, {"kind": "ftp", "url": "x"}, 7]
    keyring.set_password(SERVICE, "me", json.dumps(entries))
    assert CalendarSources("me", keyring).read() == StoredSources((FEED,))


def test_no_secret_reaches_the_log_or_the_repr(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sources = CalendarSources("me", MemoryKeyring())
    sources.add(FEED)
    sources.add(DAV)
    sources.remove(FEED.url)
    told = caplog.text + repr(sources.read())
    assert "secret-token" not in caplog.text
    assert "s3cret-pass" not in told


def test_the_label_is_the_host_only() -> None:
    assert source_label(FEED.url) == "calendar.example.org"
    assert source_label("http://127.0.0.1:5232/me/cal/") == "127.0.0.1:5232"
    assert source_label("https://user:pw@dav.example.org/x") == "dav.example.org"
    assert source_label("nonsense") == "an unreadable address"
