"""The errors the status API client raises, each carrying a sentence to show the person."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from desktop.sync.connection import SyncProblem
from desktop.wording import sync_messages
from presence.documents import TOO_MANY_DEVICES_PROBLEM, JsonObject


@dataclass(frozen=True)
class FieldError:
    """One field a refusal names, and what is wrong with it."""

    field: str
    message: str


class ApiError(Exception):
    """An answer other than success; `detail` is what the person reads."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        errors: list[FieldError],
        body: JsonObject | None,
    ) -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.body = body
        self.garbled = False

    @property
    def transient(self) -> bool:
        """Worth trying again later: unreachable, failed on the server's side, or garbled."""
        return self.status == 0 or self.status >= 500 or self.garbled

    @property
    def problem(self) -> SyncProblem | None:
        """What this says about the connection, or None (it works)."""
        if self.status >= 500 or self.garbled:
            return SyncProblem.SERVER_ERROR
        if self.body is not None and self.body.get("type") == TOO_MANY_DEVICES_PROBLEM:
            return SyncProblem.TOO_MANY_DEVICES
        return None

    @classmethod
    def unreadable(cls, response: httpx.Response) -> ApiError:
        return cls.garbled_answer(response.status_code)

    @classmethod
    def garbled_answer(cls, status: int = 0) -> ApiError:
        """An answer, or a stream, that cannot be read."""
        error = cls(status, "Unreadable answer", sync_messages.unreadable_answer(), [], None)
        error.garbled = True
        return error

    @classmethod
    def from_response(cls, response: httpx.Response, *, keeps_changes: bool = False) -> ApiError:
        """The problem+json document of an error answer, or a plain description of it.

        `keeps_changes`: the request carried the person's changes, which the outbox keeps.
        """
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            raw_errors = body.get("errors") or []
            errors = [
                FieldError(str(e.get("field", "")), str(e.get("message", "")))
                for e in raw_errors
                if isinstance(e, dict)
            ]
            title = str(body.get("title") or response.reason_phrase)
            return cls(status, title, body["detail"], errors, body)
        if status >= 500:
            detail = sync_messages.server_failed(status, response.reason_phrase, keeps_changes)
            return cls(status, response.reason_phrase, detail, [], None)
        reason = response.reason_phrase or "Error"
        return cls(status, reason, sync_messages.unreadable_answer(), [], None)


class ServerUnreachable(ApiError):
    """No answer at all: the connection failed or timed out."""

    def __init__(self, detail: str, *, never_sent: bool, timed_out: bool = False) -> None:
        super().__init__(0, "Server unreachable", detail, [], None)
        self.never_sent = never_sent
        self.timed_out = timed_out  # sent, and no answer came in time: a stalled server

    @property
    def problem(self) -> SyncProblem:
        return SyncProblem.SLOW if self.timed_out else SyncProblem.UNREACHABLE

    @classmethod
    def from_error(cls, base_url: str, error: httpx.TransportError) -> ServerUnreachable:
        never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        timed_out = isinstance(error, httpx.TimeoutException) and not never_sent
        if timed_out:
            detail = sync_messages.no_answer_in_time(base_url)
        else:
            detail = sync_messages.cannot_reach(base_url)
        return cls(detail, never_sent=never_sent, timed_out=timed_out)


class SignedOut(ApiError):
    """There is no usable sign-in: never signed in, signed out, or the sign-in was revoked."""

    def __init__(self, detail: str) -> None:
        super().__init__(401, "Signed out", detail, [], None)
