"""Access tokens (short-lived signed JWTs) and refresh tokens (random, stored hashed)."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from presence import Role
from server.signing_keys import KeyRing, SigningKeyError

_ALGORITHM = "HS256"


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    role: Role
    family_id: str
    expires_at: datetime


class InvalidToken(Exception):
    pass


# A token naming a key this process does not know makes it read the keys again, at most
# this often: after a rotation, a process learns the new key from the first token it meets.
_RELOAD_EVERY = 1.0


class AccessTokens:
    def __init__(
        self,
        keys: KeyRing,
        ttl: timedelta,
        cache_size: int = 4096,
        reload: Callable[[], KeyRing] | None = None,
    ) -> None:
        self._keys = keys
        self._reload = reload
        self._reloaded_at = float("-inf")
        self.ttl = ttl
        # Checking a signature costs more than the rest of a heartbeat's auth; a token
        # verified once need not be checked again. Expiry is still checked on every use.
        self._verified: OrderedDict[str, AccessClaims] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def issue(self, user_id: str, role: Role, family_id: str, now: datetime) -> str:
        claims = {
            "sub": user_id,
            "role": role.value,
            "fam": family_id,
            "iat": int(now.timestamp()),
            "exp": (now + self.ttl).timestamp(),
        }
        key = self._keys.current
        return jwt.encode(claims, key.secret, algorithm=_ALGORITHM, headers={"kid": key.kid})

    def verify(self, token: str, now: datetime) -> AccessClaims:
        with self._cache_lock:
            user = self._verified.get(token)
            if user is not None:
                self._verified.move_to_end(token)
        if user is None:
            user = self._decode(token, now)
            with self._cache_lock:
                self._verified[token] = user
                if len(self._verified) > self._cache_size:
                    self._verified.popitem(last=False)
        if now >= user.expires_at:
            raise InvalidToken("the access token has expired")
        return user

    def _decode(self, token: str, now: datetime) -> AccessClaims:
        # Expiry is checked against the injected clock, not PyJWT's reading of the wall.
        try:
            secret = self._secret_for(jwt.get_unverified_header(token).get("kid"))
            claims = jwt.decode(
                token,
                secret,
                algorithms=[_ALGORITHM],
                options={"verify_exp": False, "verify_iat": False, "require": ["sub", "exp"]},
            )
            expires_at = datetime.fromtimestamp(float(claims["exp"]), tz=now.tzinfo)
            user = AccessClaims(
                str(claims["sub"]), Role(claims["role"]), str(claims["fam"]), expires_at
            )
        # OverflowError, OSError: an `exp` no datetime can hold.
        except (
            jwt.InvalidTokenError,
            KeyError,
            ValueError,
            TypeError,
            OverflowError,
            OSError,
        ) as error:
            raise InvalidToken("the access token is not valid") from error
        return user

    def _secret_for(self, kid: object) -> str:
        if not isinstance(kid, str):
            raise InvalidToken("the access token is not valid")
        key = self._keys.find(kid)
        if key is None and self._reload is not None:
            now = time.monotonic()
            if now - self._reloaded_at >= _RELOAD_EVERY:
                self._reloaded_at = now
                # On a failure, keep the keys in hand; the token is refused below.
                with contextlib.suppress(SigningKeyError):
                    self._keys = self._reload()
                key = self._keys.find(kid)
        if key is None:
            raise InvalidToken("the access token is not valid")
        return key.secret


def new_refresh_token() -> tuple[str, str]:
    """A fresh refresh token and the digest under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, refresh_token_digest(token)


def refresh_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
