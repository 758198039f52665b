"""The errors the status API client raises, each carrying a sentence to show the person."""

from __future__ import annotations

from typing import Any

import httpx

from desktop.sync.documents import FieldError

# What is wrong with the connection to the server, when something is.
UNREACHABLE = "unreachable"  # no connection: the network, or the server is down
SERVER_ERROR = "server_error"  # it answered, with a failure or something unreadable
SLOW = "slow"  # it took the request and did not answer in time
TOO_MANY_DEVICES = "too_many_devices"  # the account has the most devices the server allows
PROBLEMS = (UNREACHABLE, SERVER_ERROR, SLOW, TOO_MANY_DEVICES)

# The problem type the server gives a heartbeat from one device too many.
TOO_MANY_DEVICES_TYPE = "urn:availability:problem:too-many-devices"

UNREADABLE = (
    "The server answered something this app cannot read. It may be the wrong address, "
    "or a proxy in between. Try again later."
)


class ApiError(Exception):
    """An answer other than success; `detail` is what the person reads."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        errors: list[FieldError],
        body: dict[str, Any] | None,
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
    def problem(self) -> str | None:
        """What this says about the connection: one of PROBLEMS, or None (it works)."""
        if self.status >= 500 or self.garbled:
            return SERVER_ERROR
        if self.body is not None and self.body.get("type") == TOO_MANY_DEVICES_TYPE:
            return TOO_MANY_DEVICES
        return None

    @classmethod
    def unreadable(cls, response: httpx.Response) -> ApiError:
        error = cls(response.status_code, "Unreadable answer", UNREADABLE, [], None)
        error.garbled = True
        return error

    @classmethod
    def from_response(cls, response: httpx.Response) -> ApiError:
        """The problem+json document of an error answer, or a plain description of it."""
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            raw_errors = body.get("errors") or []
            errors: list[FieldError] = [
                {"field": str(e.get("field", "")), "message": str(e.get("message", ""))}
                for e in raw_errors
                if isinstance(e, dict)
            ]
            title = str(body.get("title") or response.reason_phrase)
            return cls(status, title, body["detail"], errors, body)
        if status >= 500:
            detail = (
                f"The server had a problem ({status} {response.reason_phrase}). "
                "Your changes are kept and will be sent again."
            )
            return cls(status, response.reason_phrase, detail, [], None)
        return cls(status, response.reason_phrase or "Error", UNREADABLE, [], None)


class ServerUnreachable(ApiError):
    """No answer at all: the connection failed or timed out."""

    def __init__(self, detail: str, *, never_sent: bool, timed_out: bool = False) -> None:
        super().__init__(0, "Server unreachable", detail, [], None)
        self.never_sent = never_sent
        self.timed_out = timed_out  # sent, and no answer came in time: a stalled server

    @property
    def problem(self) -> str:
        return SLOW if self.timed_out else UNREACHABLE

    @classmethod
    def from_error(cls, base_url: str, error: httpx.TransportError) -> ServerUnreachable:
        never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        timed_out = isinstance(error, httpx.TimeoutException) and not never_sent
        if timed_out:
            detail = f"The server at {base_url} took the request but did not answer in time."
        else:
            detail = f"Cannot reach the server at {base_url}."
        return cls(detail, never_sent=never_sent, timed_out=timed_out)


class SignedOut(ApiError):
    """There is no usable sign-in: never signed in, signed out, or the sign-in was revoked."""

    def __init__(self, detail: str) -> None:
        super().__init__(401, "Signed out", detail, [], None)
