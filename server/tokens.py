"""Access tokens (short-lived signed JWTs) and refresh tokens (random, stored hashed)."""

from __future__ import annotations

import hashlib
import secrets
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
    def __init__(self, secret: str, ttl: timedelta) -> None:
        self._secret = secret
        self.ttl = ttl

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
        if now >= expires_at:
            raise InvalidToken("the access token has expired")
        return user


def new_refresh_token() -> tuple[str, str]:
    """A fresh refresh token and the digest under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, refresh_token_digest(token)


def refresh_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret_key() -> str:
    return secrets.token_urlsafe(48)
