"""Why a rule refused a request: the domain's errors, which the API answers as problems.

Each kind says what went wrong in words for the person (`title`, `detail`); which HTTP
status and headers answer it is the API's business (`server.api.problems.domain_problem`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DomainError(Exception):
    """A rule refused what was asked; nothing it was asked to change has changed."""


class Refusal(DomainError):
    """A refusal with a short `title` and a `detail` sentence written for the person."""

    def __init__(self, title: str, detail: str) -> None:
        super().__init__(detail)
        self.title = title
        self.detail = detail


class NotFound(Refusal):
    """The thing asked about does not exist."""

    def __init__(self, detail: str) -> None:
        super().__init__("Not found", detail)


class NotAllowed(Refusal):
    """The caller's role may not do this."""

    def __init__(self, detail: str) -> None:
        super().__init__("Not allowed", detail)


class Conflict(Refusal):
    """The current state does not allow it. `kind`, when given, names this conflict so
    that clients can tell it from others (a problem type URI)."""

    def __init__(self, title: str, detail: str, *, kind: str | None = None) -> None:
        super().__init__(title, detail)
        self.kind = kind


class NotSignedIn(Refusal):
    """The credentials are wrong, or the sign-in has ended."""


class TooManyAttempts(Refusal):
    """Too many failed attempts: the next one may come in `retry_after` seconds."""

    def __init__(self, title: str, detail: str, *, retry_after: int) -> None:
        super().__init__(title, detail)
        self.retry_after = retry_after


@dataclass(frozen=True)
class InvalidField:
    """One field of the input, and what is wrong with it."""

    field: str
    message: str


class InvalidInput(DomainError):
    """Input that breaks a rule its schema cannot state; nothing was stored."""

    def __init__(self, errors: Sequence[InvalidField]) -> None:
        super().__init__(", ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = tuple(errors)
