"""What the running app does for `availability status|show|quit|sign-in` (the local socket)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from desktop.core.client_state import ClientState
from desktop.core.durations import END_OF_DAY, Duration, ends_at, parse_time_of_day
from desktop.core.session import ClientSession
from desktop.instance import Reply
from desktop.settings import SettingsError, check_server_url
from desktop.sync.connection import SyncProblem, SyncState
from desktop.wording import connection, session_messages, status_words
from desktop.wording.times import clock_time
from presence import Status
from presence.documents import (
    STATUS_NOTE_LENGTH,
    JsonObject,
    StatusNoteChanges,
    availability_json,
    effective_status_json,
    user_json,
)

# How long `status set` waits for the server to confirm the change before answering.
CONFIRM_WAIT_MS = 2000
STATUS_NAMES = ", ".join(status.value for status in Status)


class Commands:
    """Answers the command line's requests on the UI thread, from the session's state."""

    def __init__(
        self, session: ClientSession, show_window: Callable[[], None], quit: Callable[[], None]
    ) -> None:
        self._session = session
        self._show_window = show_window
        self._quit = quit

    def handle(self, request: JsonObject, reply: Reply) -> None:
        command = request["command"]
        if command == "status":
            reply(self.status())
        elif command == "set_status":
            self.set_status(request, reply)
        elif command == "set_note":
            self.set_note(request, reply)
        elif command == "sign_in":
            self.sign_in(request, reply)
        elif command == "show":
            self._show_window()
            reply({"ok": True})
        elif command == "quit":
            reply({"ok": True, "text": session_messages.quitting()})
            self._quit()
        else:
            reply({"ok": False, "error": session_messages.unknown_command(str(command))})

    def status(self) -> JsonObject:
        state = self._session.state
        problem = state.problem if state.sync_state is SyncState.OFFLINE else None
        return {
            "ok": True,
            "status": effective_status_json(state.status) if state.status else None,
            "availability": availability_json(state.availability)
            if state.availability and state.signed_in
            else None,
            "sync_state": state.sync_state.value,
            "sync_problem": problem.value if problem else None,
            "mode": state.mode.value,
            "server": state.server_url,
            "signed_in": state.signed_in,
            "text": status_text(state, datetime.now().astimezone()),
        }

    def set_status(self, request: JsonObject, reply: Reply) -> None:
        """Set the status; the answer says whether the server has confirmed it.

        It waits for the server's answer for at most CONFIRM_WAIT_MS.
        """
        refusal = self._refusal(request)
        if refusal is not None:
            reply({"ok": False, "error": refusal})
            return
        preference = Status(str(request["status"]))
        now = datetime.now().astimezone()
        until = _ends_at(request, now)
        self._session.choose_status(preference, until)
        text = session_messages.status_set(
            status_words.status_label(preference), clock_time(until, now) if until else None
        )
        _Confirmation(self._session, text, reply, parent=self._session)

    def set_note(self, request: JsonObject, reply: Reply) -> None:
        """Set the status note, or clear it (text null); answered once the server has it."""
        refusal = self._note_refusal(request)
        if refusal is not None:
            reply({"ok": False, "error": refusal})
            return
        text = request.get("text")
        now = datetime.now().astimezone()
        until = _ends_at(request, now)
        if not isinstance(text, str):
            self._session.edit({"status_note": None})
            said = session_messages.note_cleared()
        else:
            note: StatusNoteChanges = {
                "text": text.strip(),
                "expires_at": until.isoformat() if until else None,
            }
            self._session.edit({"status_note": note})
            said = session_messages.note_set(
                text.strip(), clock_time(until, now) if until else None
            )
        _Confirmation(self._session, said, reply, parent=self._session)

    def _refusal(self, request: JsonObject) -> str | None:
        """Why `status set` cannot be done now, or None."""
        state = self._session.state
        preference = request.get("status")
        if preference not in set(Status):
            return session_messages.not_a_status(preference, STATUS_NAMES)
        signed_out = self._signed_out_refusal()
        if signed_out is not None:
            return signed_out
        if state.availability is not None and state.override_holds:
            return status_words.override_refusal(state.availability, datetime.now().astimezone())
        return _timing_refusal(request)

    def _note_refusal(self, request: JsonObject) -> str | None:
        """Why `note` cannot be done now, or None."""
        signed_out = self._signed_out_refusal()
        if signed_out is not None:
            return signed_out
        text = request.get("text")
        if text is not None and (not isinstance(text, str) or not text.strip()):
            return session_messages.note_needs_text()
        if isinstance(text, str) and len(text.strip()) > STATUS_NOTE_LENGTH:
            return session_messages.note_too_long(STATUS_NOTE_LENGTH)
        return _timing_refusal(request)

    def _signed_out_refusal(self) -> str | None:
        """Why nobody can act yet: local mode still starting, or nobody signed in."""
        state = self._session.state
        if state.signed_in:
            return None
        if state.local_mode:
            return session_messages.still_starting()
        return session_messages.signed_out_sign_in_first()

    def sign_in(self, request: JsonObject, reply: Reply) -> None:
        try:
            url = check_server_url(str(request.get("server", "")))
        except SettingsError as error:
            reply({"ok": False, "error": str(error)})
            return
        email, password = request.get("email"), request.get("password")
        if not isinstance(email, str) or "@" not in email or not isinstance(password, str):
            reply({"ok": False, "error": session_messages.email_and_password_needed()})
            return

        def done(user: Any, why: str) -> None:
            if user is None:
                reply({"ok": False, "error": why})
            else:
                server = self._session.state.server_url
                reply({"ok": True, "user": user_json(user), "server": server})

        self._session.sign_in(url, email, password, done)


def _timing_refusal(request: JsonObject) -> str | None:
    """Why a request's `for_seconds` or `until` cannot be taken, or None."""
    seconds = request.get("for_seconds")
    if seconds is not None and (not isinstance(seconds, int | float) or seconds <= 0):
        return session_messages.duration_must_be_positive()
    try:
        _ends_at(request, datetime.now().astimezone())
    except ValueError:
        return session_messages.not_a_time_of_day(str(request.get("until")))
    return None


def _ends_at(request: JsonObject, now: datetime) -> datetime | None:
    """When a `status set` ends: `for_seconds` from now, or `until` ('17:00', 'end-of-day').

    ValueError when `until` is not a time of day.
    """
    seconds = request.get("for_seconds")
    if isinstance(seconds, int | float):
        return now + timedelta(seconds=seconds)
    until = request.get("until")
    if until is None:
        return None
    if until == END_OF_DAY:
        return ends_at(Duration.END_OF_TODAY, now)
    return ends_at(Duration.UNTIL_TIME, now, parse_time_of_day(str(until)))


def status_text(state: ClientState, now: datetime) -> str:
    """The command line's one line about the state."""
    if not state.signed_in:
        return (
            session_messages.starting_line()
            if state.local_mode
            else (session_messages.signed_out_line())
        )
    shown = state.shown_status()
    if shown is None:
        return status_words.status_title(None)
    text = status_words.status_line(shown, state.availability, now)
    if state.sync_state is not SyncState.SYNCED:
        text += f" ({connection.not_synced(state.problem)})"
    return text


class _Confirmation(QObject):
    """Answers `status set` once the server has the change, or says why it does not yet."""

    def __init__(self, session: ClientSession, text: str, reply: Reply, parent: QObject) -> None:
        super().__init__(parent)
        self._session = session
        self._text = text
        self._reply: Reply | None = reply
        session.state_changed.connect(self._check)
        QTimer.singleShot(CONFIRM_WAIT_MS, self, self._give_up)
        self._check(session.state)

    @Slot(object)
    def _check(self, state: ClientState) -> None:
        if state.sync_state is SyncState.SYNCED:
            self._answer(session_messages.confirmed(self._text), confirmed=True)
        elif state.sync_state is SyncState.OFFLINE and state.problem is not None:
            self._unconfirmed(state.problem)

    @Slot()
    def _give_up(self) -> None:
        state = self._session.state
        if state.sync_state is SyncState.SYNCED:
            self._answer(session_messages.confirmed(self._text), confirmed=True)
        else:
            self._unconfirmed(state.problem or SyncProblem.SLOW)

    def _unconfirmed(self, problem: SyncProblem) -> None:
        words = connection.problem_words(problem)
        self._answer(session_messages.not_confirmed(self._text, words), confirmed=False)

    def _answer(self, text: str, *, confirmed: bool) -> None:
        if self._reply is None:
            return
        reply, self._reply = self._reply, None
        self._session.state_changed.disconnect(self._check)
        reply({"ok": True, "text": text, "confirmed": confirmed})
        self.deleteLater()
