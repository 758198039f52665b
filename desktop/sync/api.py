"""A typed, blocking httpx client for every endpoint of the status API.

Every call runs in a worker thread (see `desktop.sync.engine`), never on the UI thread.
Short, bounded retries with exponential backoff and jitter cover transient failures; the
outbox and the event stream add their own long-lived retry schedule on top.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import httpx
import httpx_sse
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from desktop.sync.errors import ApiError, ServerUnreachable
from presence import AppState, DeviceSignals, EffectiveStatus, Status
from presence.documents import (
    AvailabilityChanges,
    AvailabilityDocument,
    HeartbeatAnswer,
    HeartbeatRequest,
    ProfessionalStatus,
    SessionDocument,
    TokenGrant,
    read_availability,
    read_effective_status,
    read_heartbeat_answer,
    read_list,
    read_professional_status,
    read_session,
    read_token_grant,
    signals_json,
)
from presence.model import NO_SIGNALS

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# The server pings every 15 s, so a silent minute means the connection is dead.
STREAM_TIMEOUT = httpx.Timeout(10.0, read=60.0)
RETRYABLE_STATUS = frozenset({502, 503, 504})


def _retryable(idempotent: bool) -> Callable[[BaseException], bool]:
    """A request that never reached the server may always go again; others only if idempotent."""

    def check(error: BaseException) -> bool:
        if isinstance(error, ServerUnreachable):
            # A stalled server is reported at once (after one timeout), not after three:
            # the heartbeat's schedule and the outbox's backoff try again anyway.
            return error.never_sent or (idempotent and not error.timed_out)
        return idempotent and isinstance(error, ApiError) and error.status in RETRYABLE_STATUS

    return check


class StatusApi:
    """The status API over HTTP. Methods that need a sign-in take the access token."""

    def __init__(
        self,
        base_url: str,
        client: httpx.Client | None = None,
        *,
        attempts: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = client or httpx.Client(timeout=DEFAULT_TIMEOUT)
        self._attempts = attempts
        self._sleep = sleep

    def close(self) -> None:
        self._client.close()

    # --- plumbing ---------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    @staticmethod
    def _headers(token: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json, application/problem+json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(extra or {})
        return headers

    def _send_once(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, self._url(path), **kwargs)
        except httpx.TransportError as error:
            raise ServerUnreachable.from_error(self.base_url, error) from error
        log.debug("%s %s -> %s", method, path, response.status_code)
        if not response.is_success:
            # The availability edit is the API's one PATCH; its changes wait in the outbox.
            raise ApiError.from_response(response, keeps_changes=method == "PATCH")
        return response

    def _send(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> httpx.Response:
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential_jitter(multiplier=0.2, max=2.0, jitter=0.2),
            retry=retry_if_exception(_retryable(idempotent)),
            sleep=self._sleep,
            reraise=True,
        )
        return retrying(self._send_once, method, path, **kwargs)

    @staticmethod
    def _json(response: httpx.Response, read: Callable[[object], T]) -> T:
        """The answer read as a typed document, or ApiError if it has another shape."""
        try:
            return read(response.json())
        except ValueError as error:  # not JSON, or a DocumentError naming the field
            log.warning("An answer of %s could not be read: %s", response.url.path, error)
            raise ApiError.unreadable(response) from None

    @staticmethod
    def _json_list(response: httpx.Response, read: Callable[[object], T]) -> list[T]:
        return StatusApi._json(response, lambda body: read_list(body, read))

    # --- auth -------------------------------------------------------------------------

    def sign_in(self, email: str, password: str) -> TokenGrant:
        """The password grant. Only a connection that never opened is retried."""
        body = {"grant_type": "password", "email": email, "password": password}
        response = self._send("POST", "/v1/auth/token", idempotent=False, json=body)
        return self._json(response, read_token_grant)

    def refresh(self, refresh_token: str) -> TokenGrant:
        """Trade a refresh token for new tokens. Never resent once sent: tokens rotate."""
        body = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        response = self._send("POST", "/v1/auth/token", idempotent=False, json=body)
        return self._json(response, read_token_grant)

    def logout(self, token: str, device_id: str | None = None) -> None:
        body = {} if device_id is None else {"device_id": device_id}
        self._send(
            "POST", "/v1/auth/logout", idempotent=True, json=body, headers=self._headers(token)
        )

    # --- me ---------------------------------------------------------------------------

    def _availability_answer(self, response: httpx.Response) -> tuple[AvailabilityDocument, str]:
        """The availability document an answer carries, and its ETag."""
        document = self._json(response, read_availability)
        return document, response.headers.get("ETag", f'"{document.version}"')

    def availability(self, token: str) -> tuple[AvailabilityDocument, str]:
        """The availability document and its ETag."""
        response = self._send(
            "GET", "/v1/me/availability", idempotent=True, headers=self._headers(token)
        )
        return self._availability_answer(response)

    def edit_availability(
        self, token: str, changes: AvailabilityChanges, if_match: str | None = None
    ) -> tuple[AvailabilityDocument, str]:
        """PATCH some fields; with `if_match`, a stale version raises ApiError 412."""
        extra = {} if if_match is None else {"If-Match": if_match}
        response = self._send(
            "PATCH",
            "/v1/me/availability",
            idempotent=if_match is not None,
            json=changes,
            headers=self._headers(token, extra),
        )
        return self._availability_answer(response)

    def extend_wrap_up(self, token: str, minutes: int) -> tuple[AvailabilityDocument, str]:
        """ "Extend": the wrap-up under way lasts `minutes` longer; ApiError 409 if none is."""
        response = self._send(
            "POST",
            "/v1/me/wrap-up/extend",
            idempotent=False,  # sent twice, it would extend twice
            json={"minutes": minutes},
            headers=self._headers(token),
        )
        return self._availability_answer(response)

    def end_wrap_up(self, token: str) -> tuple[AvailabilityDocument, str]:
        """ "I'm ready": the wrap-up under way ends now."""
        response = self._send(
            "DELETE", "/v1/me/wrap-up", idempotent=True, headers=self._headers(token)
        )
        return self._availability_answer(response)

    def heartbeat(
        self,
        token: str,
        *,
        device_id: str,
        platform: str,
        app_state: AppState,
        idle_seconds: float | None,
        signals: DeviceSignals = NO_SIGNALS,
    ) -> HeartbeatAnswer:
        body: HeartbeatRequest = {
            "device_id": device_id,
            "platform": platform,
            "app_state": app_state,
            "idle_seconds": idle_seconds,
        }
        if signals != NO_SIGNALS:
            # Only the readings travel: never an app's name or an event's title. Left out
            # when there is nothing to say, so that a server older than signals (which
            # refuses members it does not know) still takes the heartbeat.
            body["signals"] = signals_json(signals)
        response = self._send(
            "POST", "/v1/me/heartbeat", idempotent=True, json=body, headers=self._headers(token)
        )
        return self._json(response, read_heartbeat_answer)

    def status(self, token: str) -> EffectiveStatus:
        response = self._send("GET", "/v1/me/status", idempotent=True, headers=self._headers(token))
        return self._json(response, read_effective_status)

    def sessions(self, token: str) -> list[SessionDocument]:
        response = self._send(
            "GET", "/v1/me/sessions", idempotent=True, headers=self._headers(token)
        )
        return self._json_list(response, read_session)

    @contextmanager
    def events(self, token: str, last_event_id: str | None = None) -> Iterator[httpx.Response]:
        """Open GET /v1/me/events; iterate `httpx_sse.EventSource(response).iter_sse()`."""
        extra = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if last_event_id:
            extra["Last-Event-ID"] = last_event_id
        try:
            with self._client.stream(
                "GET",
                self._url("/v1/me/events"),
                headers=self._headers(token, extra),
                timeout=STREAM_TIMEOUT,
            ) as response:
                if not response.is_success:
                    response.read()
                    raise ApiError.from_response(response)
                content_type = response.headers.get("content-type", "")
                if "text/event-stream" not in content_type:
                    raise ApiError.unreadable(response)
                yield response
        except httpx.TransportError as error:
            raise ServerUnreachable.from_error(self.base_url, error) from error
        except httpx_sse.SSEError as error:
            raise ApiError.garbled_answer() from error

    # --- professionals, sessions, health ----------------------------------------------

    def professional_status(self, token: str, professional_id: str) -> ProfessionalStatus:
        response = self._send(
            "GET",
            f"/v1/professionals/{professional_id}/status",
            idempotent=True,
            headers=self._headers(token),
        )
        return self._json(response, read_professional_status)

    def professionals_status(self, token: str, ids: list[str]) -> list[ProfessionalStatus]:
        response = self._send(
            "GET",
            "/v1/professionals/status",
            idempotent=True,
            params={"ids": ",".join(ids)},
            headers=self._headers(token),
        )
        return self._json_list(response, read_professional_status)

    def set_override(
        self,
        token: str,
        professional_id: str,
        status: Status,
        until: datetime | None = None,
        note: str | None = None,
    ) -> AvailabilityDocument:
        body: dict[str, str] = {"status": status.value}
        if until is not None:
            body["until"] = until.isoformat()
        if note is not None:
            body["note"] = note
        response = self._send(
            "PUT",
            f"/v1/professionals/{professional_id}/override",
            idempotent=True,
            json=body,
            headers=self._headers(token),
        )
        return self._json(response, read_availability)

    def clear_override(self, token: str, professional_id: str) -> AvailabilityDocument:
        response = self._send(
            "DELETE",
            f"/v1/professionals/{professional_id}/override",
            idempotent=True,
            headers=self._headers(token),
        )
        return self._json(response, read_availability)

    def start_session(
        self, token: str, professional_id: str, mode: str, *, force: bool = False
    ) -> SessionDocument:
        body = {"professional_id": professional_id, "mode": mode, "force": force}
        response = self._send(
            "POST", "/v1/sessions", idempotent=False, json=body, headers=self._headers(token)
        )
        return self._json(response, read_session)

    def end_session(self, token: str, session_id: str) -> SessionDocument:
        response = self._send(
            "POST", f"/v1/sessions/{session_id}/end", idempotent=True, headers=self._headers(token)
        )
        return self._json(response, read_session)

    def healthy(self) -> bool:
        """Whether the server and its database answer."""
        try:
            self._send("GET", "/healthz", idempotent=True)
        except ApiError:
            return False
        return True
