"""The sentences the sync side gives the person: failed requests, sign-ins, the outbox."""

from __future__ import annotations

from datetime import datetime

from desktop.wording.times import clock_time
from desktop.wording.translate import QT_TR_NOOP, tr
from presence.documents import JsonValue

# --- answers and connections ----------------------------------------------------------


def unreadable_answer() -> str:
    return tr(
        "The server answered something this app cannot read. It may be the wrong address, "
        "or a proxy in between. Try again later."
    )


def server_failed(status: int, reason: str, keeps_changes: bool = False) -> str:
    """A failure on the server's side; with `keeps_changes`, the request carried edits."""
    if keeps_changes:
        return tr(
            "The server had a problem ({status} {reason}). "
            "Your changes are kept and will be sent again.",
            status=status,
            reason=reason,
        )
    return tr(
        "The server had a problem ({status} {reason}). Try again in a moment.",
        status=status,
        reason=reason,
    )


def no_answer_in_time(base_url: str) -> str:
    return tr("The server at {url} took the request but did not answer in time.", url=base_url)


def cannot_reach(base_url: str) -> str:
    return tr("Cannot reach the server at {url}.", url=base_url)


# --- the sign-in --------------------------------------------------------------------------


def sign_in_again() -> str:
    return tr("You were signed out. Please sign in again.")


def not_signed_in() -> str:
    return tr("You are not signed in.")


def someone_else_signed_in() -> str:
    return tr("Someone else is signed in now.")


def you_signed_out() -> str:
    return tr("You signed out.")


def no_keyring() -> str:
    return tr(
        "This system has no password store (keyring), so you will stay signed in only until "
        "the app quits."
    )


# --- the outbox -------------------------------------------------------------------------


def sign_in_first() -> str:
    return tr("Sign in to change your availability.")


def outbox_unreadable(why: str, kept: str) -> str:
    return tr(
        "The file of changes you made while offline could not be read because {why}, so those "
        "changes were not sent. It is kept as {kept}.",
        why=why,
        kept=kept,
    )


def outbox_unmovable(why: str, kept: str) -> str:
    return tr(
        "The file of changes you made while offline could not be read because {why}, so those "
        "changes were not sent. It stays as {kept}, and changes you make now are kept only "
        "until the app quits.",
        why=why,
        kept=kept,
    )


_FIELD_LABELS = {
    "preference": QT_TR_NOOP("Your status"),
    "preference_expires_at": QT_TR_NOOP("How long your status lasts"),
    "max_concurrent_sessions": QT_TR_NOOP("Maximum concurrent sessions"),
    "online_availability": QT_TR_NOOP("Online sessions"),
    "in_person_availability": QT_TR_NOOP("In-person sessions"),
    "quiet_hours.enabled": QT_TR_NOOP("Quiet hours"),
    "quiet_hours.timezone": QT_TR_NOOP("The quiet hours' time zone"),
    "quiet_hours.start": QT_TR_NOOP("The start of quiet hours"),
    "quiet_hours.end": QT_TR_NOOP("The end of quiet hours"),
    "quiet_hours.days": QT_TR_NOOP("The days of quiet hours"),
    "status_note": QT_TR_NOOP("Your status note"),
}

_VALUE_WORDS = {
    "online": QT_TR_NOOP("Online"),
    "busy": QT_TR_NOOP("Busy"),
    "away": QT_TR_NOOP("Away"),
    "offline": QT_TR_NOOP("Offline"),
}


def field_label(field: str) -> str:
    """'Maximum concurrent sessions' for `max_concurrent_sessions`."""
    label = _FIELD_LABELS.get(field)
    return tr(label) if label is not None else field


def field_refused(field: str, message: str) -> str:
    """One of several refusals in an answer: 'The days of quiet hours: …'."""
    return tr("{field}: {message}", field=field_label(field), message=message)


def lost_edit(
    field: str, theirs: dict[str, JsonValue], mine: dict[str, JsonValue], now: datetime
) -> str:
    """An edit that lost to a change made elsewhere (`theirs` and `mine`: path → value)."""
    return tr(
        "{field} was changed elsewhere to {theirs} before your change to {mine} reached the "
        "server, so the other change was kept.",
        field=field_label(field),
        theirs=_unit_words(theirs, now),
        mine=_unit_words(mine, now),
    )


def _unit_words(values: dict[str, JsonValue], now: datetime) -> str:
    if "preference" in values:
        shown = _value_words(values["preference"])
        expires = values.get("preference_expires_at")
        if isinstance(expires, str):
            try:
                until = clock_time(datetime.fromisoformat(expires), now)
            except ValueError:
                until = expires
            return tr("{status} until {time}", status=shown, time=until)
        return shown
    return ", ".join(_value_words(value) for value in values.values())


def _value_words(value: JsonValue) -> str:
    if value is None:
        return tr("nothing")
    if isinstance(value, bool):
        return tr("on") if value else tr("off")
    if isinstance(value, list):
        return ", ".join(_value_words(v) for v in value) or tr("none")
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return tr("“{text}”", text=value["text"])  # a status note
    if isinstance(value, str) and value in _VALUE_WORDS:
        return tr(_VALUE_WORDS[value])
    return str(value)
