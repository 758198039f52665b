"""Request dependencies that say who is asking and whether their role may."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from presence import Role
from server.api.problems import Problem
from server.domain.context import SIGN_IN_AGAIN, Caller, ServerContext
from server.domain.tokens import InvalidToken

_bearer = HTTPBearer(auto_error=False, description="An access token from POST /v1/auth/token")

ROLE_NAMES = {
    Role.PROFESSIONAL: "a professional",
    Role.USER: "a regular user",
    Role.SERVICE: "a service account",
    Role.ADMIN: "an administrator",
}


async def context(request: Request) -> ServerContext:
    ctx = request.app.state.context
    assert isinstance(ctx, ServerContext)
    return ctx


Context = Annotated[ServerContext, Depends(context)]


def _unauthorised(detail: str) -> Problem:
    return Problem(401, "Not signed in", detail, headers={"WWW-Authenticate": "Bearer"})


async def caller(
    ctx: Context,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """Checks the token's signature and expiry; `ServerContext.work` checks revocation."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorised("Sign in first: this needs an access token.")
    return caller_of(ctx, credentials.credentials)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, as HTTPBearer reads it."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def caller_of(ctx: ServerContext, token: str | None) -> Caller:
    """Who an access token says is asking: its signature and expiry checked."""
    if token is None:
        raise _unauthorised("Sign in first: this needs an access token.")
    try:
        claims = ctx.access_tokens.verify(token, ctx.clock.now())
    except InvalidToken as error:
        raise _unauthorised(f"{str(error).capitalize()}. {SIGN_IN_AGAIN}") from error
    return Caller(claims.user_id, claims.role, claims.family_id, claims.expires_at)


def require(*roles: Role) -> Callable[..., object]:
    allowed = " or ".join(ROLE_NAMES[r] for r in roles)

    async def check(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role not in roles:
            raise Problem(
                403,
                "Not allowed",
                f"Only {allowed} may do this; you are signed in as {ROLE_NAMES[who.role]}.",
            )
        return who

    return check


SignedIn = Annotated[Caller, Depends(caller)]
Professional = Annotated[Caller, Depends(require(Role.PROFESSIONAL))]
Person = Annotated[Caller, Depends(require(Role.PROFESSIONAL, Role.USER))]
Service = Annotated[Caller, Depends(require(Role.SERVICE))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]
