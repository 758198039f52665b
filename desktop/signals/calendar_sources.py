"""The professional's calendar sources (ICS feeds, CalDAV accounts), kept in the OS keyring.

Feed addresses often carry a secret token and CalDAV entries a password, so the whole list
lives in one keyring entry (JSON under `SERVICE`, keyed by the account) and never in a
plain file or a log. Reading and changing the list never raises: a refusal or a failure
comes back in words.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from desktop.sync.password_store import PasswordStore, SystemKeyring
from desktop.wording.translate import tr

log = logging.getLogger(__name__)

SERVICE = "Availability calendars"
_SCHEMES = ("https", "http", "webcal", "webcals")
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_MAX_URL_LENGTH = 4000


@dataclass(frozen=True)
class IcsSource:
    """A calendar feed read with a plain GET (an "ICS", "iCal" or "webcal" address)."""

    url: str = field(repr=False)  # it often holds a secret token


@dataclass(frozen=True)
class CaldavSource:
    """A CalDAV calendar collection, read with a user name and password."""

    url: str
    username: str
    password: str = field(repr=False)


CalendarSource = IcsSource | CaldavSource


@dataclass(frozen=True)
class StoredSources:
    """The sources in the keyring, or none and `problem` in words when it cannot be read."""

    sources: tuple[CalendarSource, ...]
    problem: str | None = None


def source_label(url: str) -> str:
    """What may be shown and logged of an address: its host (and port), never its path."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return tr("an unreadable address")
    if not host:
        return tr("an unreadable address")
    return f"{host}:{port}" if port else host


def refusal(source: CalendarSource) -> str | None:
    """Why `source` cannot be used, in words, or None when it can."""
    url = source.url.strip()
    if not url:
        return tr("Please enter the calendar's address.")
    if len(url) > _MAX_URL_LENGTH or any(ch.isspace() for ch in url):
        return tr("This calendar address is not valid: it is too long or contains spaces.")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError:
        return tr("This calendar address is not valid.")
    if parts.scheme.lower() not in _SCHEMES:
        return tr("Only addresses starting with https://, http:// or webcal:// can be used.")
    if not host:
        return tr("This calendar address has no server name in it.")
    if isinstance(source, CaldavSource):
        if parts.scheme.lower() not in ("https", "http"):
            return tr(
                "A CalDAV address must start with https://, so the password is not sent openly."
            )
        if not source.username.strip():
            return tr("A CalDAV calendar needs a user name.")
        if parts.scheme.lower() == "http" and host.lower() not in _LOOPBACK_HOSTS:
            return tr(
                "A CalDAV address must start with https://, so the password is not sent openly."
            )
    return None


def _to_entry(source: CalendarSource) -> dict[str, str]:
    if isinstance(source, CaldavSource):
        return {
            "kind": "caldav",
            "url": source.url,
            "username": source.username,
            "password": source.password,
        }
    return {"kind": "ics", "url": source.url}


def _from_entry(entry: object) -> CalendarSource | None:
    if not isinstance(entry, dict):
        return None
    url, kind = entry.get("url"), entry.get("kind")
    if not isinstance(url, str):
        return None
    if kind == "ics":
        return IcsSource(url)
    username, password = entry.get("username"), entry.get("password", "")
    if kind == "caldav" and isinstance(username, str) and isinstance(password, str):
        return CaldavSource(url, username, password)
    return None


class CalendarSources:
    """The list of calendar sources of `account`, in `store` (by default the OS keyring)."""

    def __init__(
        self, account: str, store: PasswordStore | None = None, service: str = SERVICE
    ) -> None:
        self.account = account
        self.service = service
        self._store: PasswordStore = store if store is not None else SystemKeyring()

    def read(self) -> StoredSources:
        """The stored sources; entries that cannot be used are left out (and logged)."""
        try:
            text = self._store.get_password(self.service, self.account)
        except Exception as error:  # any backend failure: locked, missing, broken
            log.info("Calendar sources could not be read: %s", type(error).__name__)
            return StoredSources(
                (),
                tr(
                    "The list of calendars could not be read from the "
                    "system's password store; is it locked?"
                ),
            )
        if not text:
            return StoredSources(())
        try:
            entries = json.loads(text)
        except ValueError:
            log.info("The stored calendar list is not JSON; it is ignored")
            return StoredSources(
                (), tr("The stored list of calendars is damaged; please add the calendars again.")
            )
        sources = []
        for entry in entries if isinstance(entries, list) else []:
            source = _from_entry(entry)
            if source is None or refusal(source) is not None:
                log.info("A stored calendar entry is not usable; it is left out")
            else:
                sources.append(source)
        return StoredSources(tuple(sources))

    def add(self, source: CalendarSource) -> str | None:
        """Add `source`; None when done, else why not in words (and nothing is stored)."""
        if (words := refusal(source)) is not None:
            return words
        stored = self.read()
        if stored.problem is not None:
            return stored.problem
        if any(known.url.strip() == source.url.strip() for known in stored.sources):
            return tr("This calendar is already in the list.")
        return self._write((*stored.sources, source))

    def remove(self, url: str) -> str | None:
        """Remove the source with this address; None when done (or not there), else why not."""
        stored = self.read()
        if stored.problem is not None:
            return stored.problem
        kept = tuple(known for known in stored.sources if known.url.strip() != url.strip())
        if len(kept) == len(stored.sources):
            return None
        return self._write(kept)

    def _write(self, sources: tuple[CalendarSource, ...]) -> str | None:
        try:
            if sources:
                text = json.dumps([_to_entry(source) for source in sources])
                self._store.set_password(self.service, self.account, text)
            else:
                self._store.delete_password(self.service, self.account)
        except Exception as error:  # any backend failure: locked, missing, broken
            log.info("Calendar sources could not be saved: %s", type(error).__name__)
            return tr("The list of calendars could not be saved in the system's password store.")
        log.info("Calendar list saved: %d calendars", len(sources))
        return None
