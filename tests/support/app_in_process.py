"""The whole app in the test's process, signed in through its own dialog, and closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.app import AvailabilityApp
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness
from tests.support.waiting import WAIT_MS

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def close_app(qtbot: QtBot, app: AvailabilityApp) -> None:
    """Let a quitting app finish, or finish it, and close its windows."""
    if app.session.quitting:
        qtbot.waitUntil(lambda: app.finished, timeout=WAIT_MS)
    else:
        app.session.shut_down()
    assert app.finished
    assert app.join_workers(WAIT_MS / 1000)
    app.window.quitting = True
    app.window.close()
    if app.sign_in_dialog is not None:
        app.sign_in_dialog.close()


def signed_in_app(
    qtbot: QtBot,
    make_app: Callable[..., AvailabilityApp],
    server: Harness,
    user: User,
    **kwargs: Any,
) -> AvailabilityApp:
    """An app on `server`, signed in as `user` through its own dialog, and synced."""
    app = make_app(server.url, **kwargs)
    qtbot.waitUntil(lambda: app.sign_in_dialog is not None, timeout=WAIT_MS)
    dialog = app.sign_in_dialog
    assert dialog is not None
    dialog.email.setText(user.email)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(app.session.engine.signed_in, timeout=WAIT_MS):  # type: ignore[union-attr]
        dialog.submit()
    qtbot.waitUntil(
        lambda: app.state.status is not None and app.tray.state.availability is not None,
        timeout=WAIT_MS,
    )
    return app
