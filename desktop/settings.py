"""The app's own settings: a small JSON file in the user config dir.

A file that cannot be read (any bytes at all) is never overwritten silently: the app
runs on defaults, says what is wrong, and keeps the broken file beside the new one, under
a name of its own, when it next saves.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from desktop.kept_aside import free_name, keep_aside, why_unreadable
from desktop.wording import app_messages
from presence.documents import JsonObject

log = logging.getLogger(__name__)


class SettingsError(ValueError):
    pass


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def check_server_url(url: str) -> str:
    """A status server's base URL, tidied, or SettingsError saying what is wrong with it.

    Passwords and tokens must not cross a network in clear: plain http is only for this
    computer. A URL never carries a user name or password of its own.
    """
    url = url.strip().rstrip("/")
    if not url:
        raise SettingsError(app_messages.no_server_address())
    if "://" not in url:
        url = f"https://{url}"  # a bare host, as people type it, means its https address
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(app_messages.not_a_server_address(url))
    if parts.username is not None or parts.password is not None:
        raise SettingsError(app_messages.no_credentials_in_address())
    loopback = parts.hostname in LOOPBACK_HOSTS or parts.hostname.startswith("127.")
    if parts.scheme == "http" and not loopback:
        raise SettingsError(app_messages.not_encrypted(url))
    return url


@dataclass(frozen=True)
class AppSettings:
    server_url: str | None = None  # None: local mode, with the embedded server
    notifications: bool = True
    email: str | None = None  # the last one signed in with, to offer again (not secret)
    show_event_titles: bool = False  # calendar titles in the window, only if asked for
    extra: JsonObject = field(default_factory=dict, compare=False)  # kept for newer versions

    @classmethod
    def from_json(cls, data: Any) -> AppSettings:
        if not isinstance(data, dict):
            raise SettingsError(app_messages.settings_not_an_object())
        server_url = data.get("server_url")
        if server_url is not None:
            if not isinstance(server_url, str):
                raise SettingsError(app_messages.server_url_not_text())
            server_url = check_server_url(server_url)
        notifications = data.get("notifications", True)
        if not isinstance(notifications, bool):
            raise SettingsError(app_messages.notifications_not_a_switch())
        email = data.get("email")
        if email is not None and not isinstance(email, str):
            raise SettingsError(app_messages.email_not_text())
        show_event_titles = data.get("show_event_titles", False)
        if not isinstance(show_event_titles, bool):
            raise SettingsError(app_messages.show_event_titles_not_a_switch())
        known = {"server_url", "notifications", "email", "show_event_titles"}
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(server_url, notifications, email, show_event_titles, extra)

    def to_json(self) -> JsonObject:
        data = asdict(self)
        extra = data.pop("extra")
        return {**extra, **data}


class SettingsFile:
    """Loads and saves AppSettings; `problem` says, in words, why the file was not used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self._aside: Path | None = None  # where the unused file goes when settings are saved
        self.settings = self._load()

    def _load(self) -> AppSettings:
        try:
            # utf-8-sig: Notepad starts the files it saves with a byte order mark.
            return AppSettings.from_json(json.loads(self.path.read_bytes().decode("utf-8-sig")))
        except FileNotFoundError:
            return AppSettings()
        except (OSError, ValueError, RecursionError) as error:  # SettingsError is a ValueError
            return self._unusable(why_unreadable(error))

    def _unusable(self, why: str) -> AppSettings:
        self._aside = free_name(self.path, "broken")
        self.problem = app_messages.settings_unusable(self.path, why, self._aside)
        log.warning("%s", self.problem)
        return AppSettings()

    def update(self, **changes: Any) -> AppSettings:
        self.settings = replace(self.settings, **changes)
        self.save()
        return self.settings

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.problem is not None and (self.path.exists() or self.path.is_symlink()):
            kept = keep_aside(self.path, "broken", self._aside)
            log.warning("The unused settings file is kept as %s", kept)
            self.problem = None
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.settings.to_json(), indent=2) + "\n", "utf-8")
        os.replace(temporary, self.path)
