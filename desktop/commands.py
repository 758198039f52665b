"""What the running app does for `availability status|show|quit|sign-in` (the local socket)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

from desktop import wording
from desktop.instance import Reply
from desktop.settings import SettingsError, check_server_url

if TYPE_CHECKING:
    from desktop.app import AvailabilityApp
    from desktop.sync.engine import SyncEngine

# How long `status set` waits for the server to confirm the change before answering.
CONFIRM_WAIT_MS = 2000


class Commands:
    """Answers the command line's requests on the UI thread."""

    def __init__(self, app: AvailabilityApp) -> None:
        self._app = app

    def handle(self, request: dict[str, Any], reply: Reply) -> None:
        command = request["command"]
        if command == "status":
            reply(self.status())
        elif command == "set_status":
            self.set_status(request, reply)
        elif command == "sign_in":
            self.sign_in(request, reply)
        elif command == "show":
            self._app.show_window()
            reply({"ok": True})
        elif command == "quit":
            reply({"ok": True})
            self._app.quit()
        else:
            reply({"ok": False, "error": f"Unknown command {command!r}."})

    def status(self) -> dict[str, Any]:
        app = self._app
        availability = app.engine.local_availability() if app.engine and app.user else None
        sync_state = app.engine.sync_state if app.engine else "offline"
        problem = app.engine.problem if app.engine and sync_state == "offline" else ""
        if app.user is None:
            text = "Starting…" if app.local_mode else "Signed out — sign in to show your status"
        elif app.status is None:
            text = "Not connected yet"
        else:
            shown = wording.shown_status(app.status, availability) or app.status
            text = wording.status_line(shown, availability, datetime.now().astimezone())
            if sync_state != "synced":
                text += f" ({wording.not_synced(problem)})"
        return {
            "ok": True,
            "status": app.status,
            "availability": availability or None,
            "sync_state": sync_state,
            "sync_problem": problem or None,
            "mode": "local" if app.local_mode else "server",
            "server": app.server_url,
            "signed_in": app.user is not None,
            "text": text,
        }

    def set_status(self, request: dict[str, Any], reply: Reply) -> None:
        """Set the status; the answer says whether the server has confirmed it.

        It waits for the server's answer for at most CONFIRM_WAIT_MS.
        """
        refusal = self._refusal(request)
        if refusal is not None:
            reply({"ok": False, "error": refusal})
            return
        app = self._app
        assert app.engine is not None
        preference = request["status"]
        now = datetime.now().astimezone()
        seconds = request.get("for_seconds")
        until = now + timedelta(seconds=seconds) if seconds else None
        app.choose_status(preference, until)
        label = wording.STATUS_LABELS[preference]
        text = f"Status set to {label}" + (
            f" until {wording.clock_time(until, now)}" if until else ""
        )
        _Confirmation(app.engine, text, reply, parent=app.engine)

    def _refusal(self, request: dict[str, Any]) -> str | None:
        """Why `status set` cannot be done now, or None."""
        app = self._app
        preference = request.get("status")
        if preference not in wording.STATUS_LABELS:
            choices = ", ".join(wording.STATUS_LABELS)
            return f"{preference!r} is not a status; use one of {choices}."
        if app.engine is None or app.user is None:
            if app.local_mode:
                return "The app is still starting; try again in a moment."
            return "You are signed out. Sign in first (availability show)."
        availability = app.engine.local_availability()
        override = availability.get("admin_override")
        now = datetime.now().astimezone()
        if override:
            held = {**(app.status or {}), "status": override["status"], "reason": "admin_override"}
            return (
                wording.explanation(held, availability, now)
                + " Your own status applies again when it ends."
            )
        seconds = request.get("for_seconds")
        if seconds is not None and (not isinstance(seconds, int | float) or seconds <= 0):
            return "The duration must be a positive number of seconds."
        return None

    def sign_in(self, request: dict[str, Any], reply: Reply) -> None:
        try:
            url = check_server_url(str(request.get("server", "")))
        except SettingsError as error:
            reply({"ok": False, "error": str(error)})
            return
        email, password = request.get("email"), request.get("password")
        if not isinstance(email, str) or "@" not in email or not isinstance(password, str):
            reply({"ok": False, "error": "An email address and a password are needed."})
            return
        self._app.sign_in(url, email, password, reply)


class _Confirmation(QObject):
    """Answers `status set` once the server has the change, or says why it does not yet."""

    def __init__(self, engine: SyncEngine, text: str, reply: Reply, parent: QObject) -> None:
        super().__init__(parent)
        self._engine = engine
        self._text = text
        self._reply: Reply | None = reply
        engine.sync_state_changed.connect(self._check)
        QTimer.singleShot(CONFIRM_WAIT_MS, self, self._give_up)
        self._check(engine.sync_state)

    @Slot(str)
    def _check(self, state: str) -> None:
        if state == "synced":
            self._answer(f"{self._text}.", confirmed=True)
        elif state == "offline" and self._engine.problem:
            self._unconfirmed(self._engine.problem)

    @Slot()
    def _give_up(self) -> None:
        if self._engine.sync_state == "synced":
            self._answer(f"{self._text}.", confirmed=True)
        else:
            self._unconfirmed(self._engine.problem or "slow")

    def _unconfirmed(self, problem: str) -> None:
        words = wording.PROBLEM_WORDS.get(problem, wording.PROBLEM_WORDS["unreachable"])
        self._answer(
            f"{self._text}; not confirmed yet: {words} now, so it will sync when it can.",
            confirmed=False,
        )

    def _answer(self, text: str, *, confirmed: bool) -> None:
        if self._reply is None:
            return
        reply, self._reply = self._reply, None
        self._engine.sync_state_changed.disconnect(self._check)
        reply({"ok": True, "text": text, "confirmed": confirmed})
        self.deleteLater()
