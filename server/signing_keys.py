"""The keys that sign access tokens: kept outside the database, in a file only the
server's user can read, or given in the environment.

Whoever holds a signing key can write themselves any access token, so the key must not
travel with the data: a database dump, a backup of the SQLite file or a read-only
database role gives no way to sign in. Several server processes on one host share the
file; processes on several hosts share it by copying it, or by
`AVAILABILITY_SECRET_KEY`.

The file holds a few keys, newest first. The newest signs; all of them verify, each
token naming its key in the JWT header (`kid`). `availability-server keys rotate` adds a
key in front and drops the oldest beyond `KEPT`, so tokens signed a moment ago stay
valid and nobody is signed out.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# The newest key and the ones before it. An access token lives minutes, so a key two
# rotations old signs nothing that is still valid.
KEPT = 3
MIN_SECRET_LENGTH = 32


class SigningKeyError(Exception):
    """The keys cannot be read or made; the message says what to do."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    secret: str


@dataclass(frozen=True)
class KeyRing:
    """Newest first: `keys[0]` signs, every key verifies."""

    keys: tuple[SigningKey, ...]

    @property
    def current(self) -> SigningKey:
        return self.keys[0]

    def find(self, kid: str) -> SigningKey | None:
        return next((key for key in self.keys if key.kid == kid), None)


def new_key() -> SigningKey:
    return SigningKey(kid=secrets.token_hex(4), secret=secrets.token_urlsafe(48))


def from_secret(secret: str) -> KeyRing:
    """The one key given in the environment; its id is derived from it."""
    if len(secret) < MIN_SECRET_LENGTH:
        raise SigningKeyError(
            f"AVAILABILITY_SECRET_KEY is too short: use at least {MIN_SECRET_LENGTH} random "
            "characters, or leave it unset to use the signing keys file."
        )
    kid = "env-" + hashlib.sha256(secret.encode()).hexdigest()[:8]
    return KeyRing((SigningKey(kid, secret),))


def read_keys(path: Path) -> KeyRing:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        keys = tuple(SigningKey(str(k["kid"]), str(k["secret"])) for k in raw["keys"])
    except OSError as error:
        raise SigningKeyError(f"Cannot read the signing keys file {path}: {error}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise SigningKeyError(
            f"The signing keys file {path} is damaged. Move it away and start the server "
            "again to make a new one (everyone's access tokens then renew by themselves)."
        ) from error
    if not keys or any(len(k.secret) < MIN_SECRET_LENGTH for k in keys):
        raise SigningKeyError(f"The signing keys file {path} holds no usable key.")
    return KeyRing(keys)


def _encode(ring: KeyRing) -> str:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    keys = [{"kid": k.kid, "secret": k.secret} for k in ring.keys]
    return json.dumps({"written_at": now, "keys": keys}, indent=2) + "\n"


def _private_temp_file(path: Path, ring: KeyRing) -> Path:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=".signing-keys-")  # 0600
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(_encode(ring))
        file.flush()
        os.fsync(file.fileno())
    return Path(name)


def load_or_create(path: Path) -> KeyRing:
    """The keys in `path`, made there first (owner-only) if it does not exist yet.

    Processes starting together agree: the file appears at once, complete, through a
    hard link that fails if another process got there first.
    """
    if not path.exists():
        temporary = _private_temp_file(path, KeyRing((new_key(),)))
        try:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        except OSError as error:
            raise SigningKeyError(f"Cannot write the signing keys file {path}: {error}") from error
        finally:
            temporary.unlink(missing_ok=True)
    return read_keys(path)


def rotate(path: Path) -> KeyRing:
    """Put a new key in front, keep the previous ones up to `KEPT` in all."""
    previous = read_keys(path).keys if path.exists() else ()
    ring = KeyRing((new_key(), *previous)[:KEPT])
    temporary = _private_temp_file(path, ring)
    os.replace(temporary, path)
    return ring
