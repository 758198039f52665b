"""What the running app does for `availability status|show|quit|sign-in` (the local socket)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from desktop import wording
from desktop.instance import Reply
from desktop.settings import SettingsError, check_server_url

if TYPE_CHECKING:
    from desktop.app import AvailabilityApp


class Commands:
    """Answers the command line's requests on the UI thread."""

    def __init__(self, app: AvailabilityApp) -> None:
        self._app = app

    def handle(self, request: dict[str, Any], reply: Reply) -> None:
        command = request["command"]
        if command == "status":
            reply(self.status())
        elif command == "set_status":
            reply(self.set_status(request))
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
        if app.user is None:
            text = "Starting…" if app.local_mode else "Signed out — sign in to show your status"
        elif app.status is None:
            text = "Not connected yet"
        else:
            shown = wording.shown_status(app.status, availability) or app.status
            text = wording.status_line(shown, availability, datetime.now().astimezone())
            if sync_state != "synced":
                text += " (not synced)"
        return {
            "ok": True,
            "status": app.status,
            "availability": availability or None,
            "sync_state": sync_state,
            "mode": "local" if app.local_mode else "server",
            "server": app.server_url,
            "signed_in": app.user is not None,
            "text": text,
        }

    def set_status(self, request: dict[str, Any]) -> dict[str, Any]:
        app = self._app
        preference = request.get("status")
        if preference not in wording.STATUS_LABELS:
            choices = ", ".join(wording.STATUS_LABELS)
            return {"ok": False, "error": f"{preference!r} is not a status; use one of {choices}."}
        if app.engine is None or app.user is None:
            if app.local_mode:
                return {"ok": False, "error": "The app is still starting; try again in a moment."}
            return {"ok": False, "error": "You are signed out. Sign in first (availability show)."}
        availability = app.engine.local_availability()
        override = availability.get("admin_override")
        now = datetime.now().astimezone()
        if override:
            held = {**(app.status or {}), "status": override["status"], "reason": "admin_override"}
            return {
                "ok": False,
                "error": wording.explanation(held, availability, now)
                + " Your own status applies again when it ends.",
            }
        seconds = request.get("for_seconds")
        if seconds is not None and (not isinstance(seconds, int | float) or seconds <= 0):
            return {"ok": False, "error": "The duration must be a positive number of seconds."}
        until = now + timedelta(seconds=seconds) if seconds else None
        app.choose_status(preference, until)
        label = wording.STATUS_LABELS[preference]
        text = f"Status set to {label}" + (
            f" until {wording.clock_time(until, now)}" if until else ""
        )
        # "saving" only means this very edit is on its way; "offline" means it must wait.
        if app.engine.sync_state == "offline":
            text += "; the server cannot be reached now, so it will sync when it can"
        return {"ok": True, "text": text + "."}

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
