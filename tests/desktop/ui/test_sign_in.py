"""The sign-in dialog: each failure says what happened and what to do next."""

from __future__ import annotations

import socket
from collections.abc import Callable

from keyring.backends import fail
from pytestqt.qtbot import QtBot

from desktop.app import AvailabilityApp
from desktop.sync.password_store import SystemKeyring
from desktop.ui.sign_in import SignInDialog
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.app_in_process import signed_in_app
from tests.support.sync_clients import other_client
from tests.support.waiting import WAIT_MS


def dialog_of(qtbot: QtBot, app: AvailabilityApp) -> SignInDialog:
    qtbot.waitUntil(lambda: app.sign_in_dialog is not None, timeout=WAIT_MS)
    assert app.sign_in_dialog is not None
    return app.sign_in_dialog


def attempt(qtbot: QtBot, dialog: SignInDialog, email: str, password: str) -> str:
    dialog.error.hide()
    dialog.email.setText(email)
    dialog.password.setText(password)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=WAIT_MS)
    assert dialog.sign_in_button.isEnabled()
    return dialog.error.text()


def test_a_wrong_password_says_so(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = make_app(server.url)
    text = attempt(qtbot, dialog_of(qtbot, app), professional.email, "not the password")
    assert "password" in text.lower()
    assert app.state.user is None
    assert app.settings.settings.server_url is None  # nothing saved for a failed sign-in


def test_an_unreachable_server_says_so(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    app = make_app(url)
    text = attempt(qtbot, dialog_of(qtbot, app), "someone@example.com", "whatever1")
    assert text == f"Cannot reach the server at {url}."


def test_too_many_attempts_says_when_to_try_again(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = make_app(server.url)
    dialog = dialog_of(qtbot, app)
    for _ in range(server.settings.login_max_failures):
        attempt(qtbot, dialog, professional.email, "wrong password")
    text = attempt(qtbot, dialog, professional.email, PASSWORD)
    assert text.startswith("Too many failed sign-ins. Try again in ")
    assert app.state.user is None


def test_a_bad_server_address_is_refused_before_sending(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness
) -> None:
    app = make_app(server.url)
    dialog = dialog_of(qtbot, app)
    dialog.server.setText("ftp://status.example.org")
    dialog.email.setText("me@example.com")
    dialog.password.setText("secret-secret")
    dialog.submit()
    assert dialog.error.text().startswith("'ftp://status.example.org' is not a server address")
    dialog.server.setText("")
    dialog.submit()
    assert dialog.error.text() == (
        "Enter your organisation's server address, like status.example.org."
    )


def test_a_good_sign_in_closes_the_dialog_and_remembers_the_server(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.sign_in_dialog is not None
    assert not app.sign_in_dialog.isVisible()
    assert app.settings.settings.server_url == server.url
    assert app.state.user is not None
    assert app.state.user.email == professional.email


def test_a_revoked_sign_in_asks_to_sign_in_again(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.session.engine is not None
    assert app.sign_in_dialog is not None
    token, _ = app.session.engine.credentials.access_token()
    assert server.client(token).post("/v1/auth/logout", json={}).status_code == 204
    app.session.engine.on_activity_changed()
    qtbot.waitUntil(lambda: app.state.user is None, timeout=WAIT_MS)
    assert app.sign_in_dialog.isVisible()
    assert app.window.notice.text().startswith("You were signed out.")
    assert app.tray.tooltip_text().endswith("not synced")


def test_sign_out_goes_offline_forgets_the_person_and_asks_again(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.session.engine is not None
    keyring = app.session.engine.credentials._keyring
    app.tray.action("sign-out").trigger()
    qtbot.waitUntil(
        lambda: app.sign_in_dialog is not None and app.sign_in_dialog.isVisible(), timeout=WAIT_MS
    )
    assert app.sign_in_dialog is not None
    assert app.sign_in_dialog.password.text() == ""
    assert app.state.user is None
    assert app.settings.settings.server_url is None
    assert app.tray.tooltip_text() == "Not connected yet · not synced"
    assert app.window.headline.text() == "Signed out"
    entries = app.tray.menu_entries()
    assert "Sign in…" in entries
    assert "Sign out" not in entries
    assert "[ ] Online (disabled)" in entries
    qtbot.waitUntil(lambda: keyring.passwords == {}, timeout=WAIT_MS)  # type: ignore[union-attr]
    status = other_client(server, professional).get("/v1/me/status").json()
    assert (status["status"], status["reason"]) == ("offline", "signed_out")


def test_a_dialog_left_open_keeps_no_password(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = make_app(server.url)
    dialog = dialog_of(qtbot, app)
    attempt(qtbot, dialog, professional.email, "not the password")
    dialog.reject()
    assert dialog.password.text() == ""
    app.ask_sign_in(server.url)
    assert dialog.password.text() == ""
    assert not dialog.error.isVisible()


def test_a_long_error_grows_the_dialog_and_never_squeezes_the_fields(qtbot: QtBot) -> None:
    dialog = SignInDialog("https://status.example.org")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.email.width()
    dialog.show_error("The server has a problem. " * 8)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.width() >= 440
    assert dialog.email.width() >= before
    assert dialog.email.height() >= dialog.email.sizeHint().height()
    assert dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width())


def test_focus_starts_at_the_first_field_to_fill_and_goes_where_the_error_is(
    qtbot: QtBot,
) -> None:
    dialog = SignInDialog("https://status.example.org")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.email
    dialog.email.setText("no-at-sign")
    dialog.password.setText("secret-1")
    dialog.submit()
    assert dialog.error.text() == "Enter the email address you sign in with."
    assert dialog.focusWidget() is dialog.email
    dialog.server.setText("")
    dialog.submit()
    assert dialog.focusWidget() is dialog.server
    assert "''" not in dialog.error.text()


def test_the_email_is_offered_again_and_the_keyring_is_explained(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness, professional: User
) -> None:
    app = signed_in_app(qtbot, make_app, server, professional)
    assert app.settings.settings.email == professional.email
    app.window.account.sign_out_button.click()
    qtbot.waitUntil(lambda: app.state.signed_out, timeout=WAIT_MS)
    app.window.account.sign_in_button.click()
    dialog = dialog_of(qtbot, app)
    assert dialog.email.text() == professional.email
    assert dialog.keyring_note.isVisibleTo(dialog)
    assert dialog.keyring_note.text() == (
        "You stay signed in: the system keyring keeps your sign-in, no file does."
    )
    assert dialog.first_empty_field() is dialog.password


def test_without_a_usable_keyring_the_dialog_says_the_sign_in_lasts_until_quit(
    qtbot: QtBot, make_app: Callable[..., AvailabilityApp], server: Harness
) -> None:
    app = make_app(server.url, keyring_backend=SystemKeyring(fail.Keyring()))  # type: ignore[no-untyped-call]
    dialog = dialog_of(qtbot, app)
    assert dialog.keyring_note.text() == (
        "This system has no keyring the app can use, so you stay signed in only until the "
        "app quits."
    )
