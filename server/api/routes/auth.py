"""POST /v1/auth/token and /v1/auth/logout."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from server.api.callers import Context, SignedIn
from server.api.responses import WITH_BODY, problems
from server.domain.login import Login
from server.store.devices import mark_offline
from server.store.sign_ins import revoke_family
from server.wire.schemas import LogoutRequest, TokenRequest, TokenResponse, UserOut

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/token", responses={**WITH_BODY, **problems(401, 422, 429)})
async def issue_token(body: TokenRequest, request: Request, ctx: Context) -> TokenResponse:
    """Sign in with a password, or trade a refresh token for new tokens (it rotates)."""
    login = Login(ctx)
    if body.grant_type == "password":
        assert body.email is not None
        assert body.password is not None
        address = request.client.host if request.client else "unknown"
        grant = await login.with_password(body.email, body.password, address)
    else:
        assert body.refresh_token is not None
        grant = await run_in_threadpool(login.with_refresh_token, body.refresh_token)
    return TokenResponse(
        access_token=grant.access_token,
        refresh_token=grant.refresh_token,
        expires_in=grant.expires_in,
        user=UserOut(
            id=grant.user.id,
            email=grant.user.email,
            display_name=grant.user.display_name,
            role=grant.user.role,
        ),
    )


@router.post("/logout", status_code=204, responses={**WITH_BODY, **problems(401, 422)})
def logout(who: SignedIn, ctx: Context, body: LogoutRequest | None = None) -> Response:
    """End this sign-in everywhere it was refreshed; optionally mark a device offline."""
    with ctx.work(who) as work:
        now = ctx.clock.now()
        revoke_family(work.connection, who.family_id, now, reason="logout")
        device_id = body.device_id if body is not None else None
        if device_id is not None:
            mark_offline(work.connection, who.user_id, device_id, now)
        # Wakes this person's event streams: the signed-out one ends at once.
        work.touched(who.user_id)
    return Response(status_code=204)
