"""Access tokens (short-lived signed JWTs) and refresh tokens (random, stored hashed)."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from presence import Role

_ALGORITHM = "HS256"


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    role: Role
    family_id: str
    expires_at: datetime


class InvalidToken(Exception):
    pass


class AccessTokens:
    def __init__(self, secret: str, ttl: timedelta, cache_size: int = 4096) -> None:
        self._secret = secret
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
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)

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
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                options={"verify_exp": False, "verify_iat": False, "require": ["sub", "exp"]},
            )
            expires_at = datetime.fromtimestamp(float(claims["exp"]), tz=now.tzinfo)
            user = AccessClaims(
                str(claims["sub"]), Role(claims["role"]), str(claims["fam"]), expires_at
            )
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as error:
            raise InvalidToken("the access token is not valid") from error
        return user


def new_refresh_token() -> tuple[str, str]:
    """A fresh refresh token and the digest under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, refresh_token_digest(token)


def refresh_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret_key() -> str:
    return secrets.token_urlsafe(48)
