"""The outbox's files: each account's pending edits, and which account each server's is.

One file per account (server and user id), so that one person's pending edits can never
be read as another's. Written atomically. An unreadable file is moved aside under a name
of its own, for a person to look at, and never overwritten; the person is told where.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.kept_aside import keep_aside, why_unreadable
from desktop.sync.files import write_json
from desktop.sync.merge import PendingField
from desktop.wording import sync_messages
from presence.documents import DocumentError, JsonObject, read_availability

log = logging.getLogger(__name__)

OUTBOX_DIR = "outbox"
ACCOUNTS_FILE = "accounts.json"


@dataclass
class Queued:
    """One account's outbox: the server's document as last seen, and the pending edits."""

    known: JsonObject | None = None
    base_version: int | None = None
    pending: dict[str, PendingField] = field(default_factory=dict)


class OutboxFiles:
    """The outbox files in `data_dir` for the server at `server`.

    `on_unreadable(message)` tells the person that an outbox file could not be read, and
    where it is kept.
    """

    def __init__(
        self,
        data_dir: Path,
        server: str,
        on_unreadable: Callable[[str], None] = lambda _message: None,
    ) -> None:
        self._dir = data_dir / OUTBOX_DIR
        self._server = server
        self._on_unreadable = on_unreadable
        self._stuck: set[Path] = set()  # unreadable, and could not be moved: never written

    def path(self, user_id: str) -> Path:
        """Where `user_id`'s edits wait; hashed, as a URL makes no file name."""
        digest = hashlib.sha256(f"{self._server}\n{user_id}".encode()).hexdigest()[:32]
        return self._dir / f"{digest}.json"

    def _owner(self, user_id: str) -> dict[str, str]:
        return {"server": self._server, "user_id": user_id}

    def load(self, user_id: str) -> Queued:
        path = self.path(user_id)
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
            return self._queued(raw, user_id)
        except FileNotFoundError:
            return Queued()
        except (OSError, ValueError, RecursionError) as error:
            self._keep_unreadable(path, why_unreadable(error))
            return Queued()

    def _queued(self, raw: Any, user_id: str) -> Queued:
        """The outbox that `raw` holds, or ValueError saying what is wrong with it."""
        if not isinstance(raw, dict):
            raise ValueError("it does not hold a JSON object")
        owner = raw.get("owner")
        if not isinstance(owner, dict) or not {"server", "user_id"} <= owner.keys():
            raise ValueError("it does not say whose changes it holds")
        if owner != self._owner(user_id):
            raise ValueError("it belongs to another account")
        pending = raw.get("pending")
        if not isinstance(pending, dict) or not all(
            isinstance(edit, dict) and "value" in edit for edit in pending.values()
        ):
            raise ValueError("its list of changes is not in the expected form")
        base_version = raw.get("base_version")
        if base_version is not None and type(base_version) is not int:
            raise ValueError("its version number is not a whole number")
        return Queued(
            _known_document(raw.get("known")),
            base_version,
            {name: PendingField.from_json(edit) for name, edit in pending.items()},
        )

    def _keep_unreadable(self, path: Path, why: str) -> None:
        try:
            kept = keep_aside(path)
        except OSError as error:
            log.error(
                "The outbox file %s could not be read (%s) nor moved aside (%s); "
                "it is left as it is and not written",
                path,
                why,
                error,
            )
            self._stuck.add(path)
            self._on_unreadable(sync_messages.outbox_unmovable(why, str(path)))
            return
        log.warning(
            "The outbox file %s could not be read (%s); kept as %s, starting empty",
            path,
            why,
            kept,
        )
        self._on_unreadable(sync_messages.outbox_unreadable(why, str(kept)))

    def save(self, user_id: str, queued: Queued) -> None:
        path = self.path(user_id)
        if path in self._stuck:
            return
        write_json(
            path,
            {
                "owner": self._owner(user_id),
                "known": queued.known,
                "base_version": queued.base_version,
                "pending": {name: edit.to_json() for name, edit in queued.pending.items()},
            },
        )

    def _accounts(self) -> dict[str, str]:
        """Which account each server's edits went to, from the file.

        Only bookkeeping: an unreadable file is kept aside and logged, and the edits wait
        in their own files until their account signs in again.
        """
        path = self._dir / ACCOUNTS_FILE
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError) as error:
            why = why_unreadable(error)
        else:
            if isinstance(raw, dict) and all(isinstance(user, str) for user in raw.values()):
                return raw
            why = "it does not name an account for each server"
        try:
            kept = keep_aside(path)
        except OSError as error:
            log.warning("The outbox's list of accounts %s is unreadable (%s): %s", path, why, error)
        else:
            log.warning("The outbox's list of accounts was unreadable (%s); kept as %s", why, kept)
        return {}

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


def _known_document(raw: Any) -> JsonObject | None:
    """The server's document as last seen, if it still reads as one; else None."""
    try:
        read_availability(raw)
    except DocumentError:
        return None
    return dict(raw)
