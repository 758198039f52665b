"""The outbox's files: each account's pending edits, and which account each server's is.

One file per account (server and user id), so that one person's pending edits can never
be read as another's. Written atomically; an unreadable file is kept for a person to
look at, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.sync.documents import Availability, has_keys
from desktop.sync.files import write_json
from desktop.sync.merge import PendingField

log = logging.getLogger(__name__)

OUTBOX_DIR = "outbox"
ACCOUNTS_FILE = "accounts.json"


@dataclass
class Queued:
    """One account's outbox: the server's document as last seen, and the pending edits."""

    known: dict[str, Any] | None = None
    base_version: int | None = None
    pending: dict[str, PendingField] = field(default_factory=dict)


class OutboxFiles:
    """The outbox files in `data_dir` for the server at `server`."""

    def __init__(self, data_dir: Path, server: str) -> None:
        self._dir = data_dir / OUTBOX_DIR
        self._server = server

    def path(self, user_id: str) -> Path:
        """Where `user_id`'s edits wait; hashed, as a URL makes no file name."""
        digest = hashlib.sha256(f"{self._server}\n{user_id}".encode()).hexdigest()[:32]
        return self._dir / f"{digest}.json"

    def _owner(self, user_id: str) -> dict[str, str]:
        return {"server": self._server, "user_id": user_id}

    def load(self, user_id: str) -> Queued:
        path = self.path(user_id)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("owner") != self._owner(user_id):
                raise ValueError("it belongs to another account")
            known = raw.get("known")
            return Queued(
                known if has_keys(known, Availability) else None,
                raw.get("base_version"),
                {name: PendingField.from_json(edit) for name, edit in raw["pending"].items()},
            )
        except FileNotFoundError:
            return Queued()
        except (OSError, ValueError, LookupError, TypeError, AttributeError) as error:
            log.warning("An outbox file could not be read (%s); starting empty", error)
            path.replace(path.with_suffix(".unreadable"))
            return Queued()

    def save(self, user_id: str, queued: Queued) -> None:
        write_json(
            self.path(user_id),
            {
                "owner": self._owner(user_id),
                "known": queued.known,
                "base_version": queued.base_version,
                "pending": {name: edit.to_json() for name, edit in queued.pending.items()},
            },
        )

    def _accounts(self) -> dict[str, str]:
        try:
            raw = json.loads((self._dir / ACCOUNTS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {server: user for server, user in raw.items() if isinstance(user, str)}

    def last_account(self) -> str | None:
        """The account this server's edits went to when the app last ran, if still signed in."""
        return self._accounts().get(self._server)

    def remember(self, user_id: str | None) -> None:
        """So that after a restart, before the sign-in is restored, edits go to the same one."""
        accounts = self._accounts()
        if user_id is None:
            accounts.pop(self._server, None)
        else:
            accounts[self._server] = user_id
        write_json(self._dir / ACCOUNTS_FILE, accounts)
