"""The window's account line: who is signed in where, and the ways to change it.

On a desktop without a tray host the window is all there is, so everything the tray
menu offers about the account, and Quit, is here too.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.client_state import ClientState
from desktop.ui.naming import named
from desktop.wording import account_words
from desktop.wording.translate import tr


class AccountRow(QWidget):
    """Signals:
    connect_requested(): sign in to an organisation's server (from local mode, or another).
    sign_in_requested(): sign in again to the server in use.
    sign_out_requested()
    local_mode_requested(): leave the server for local mode.
    """

    connect_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    local_mode_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.line = named(QLabel(), "account")
        self.line.setWordWrap(True)
        self.line.setAccessibleName(tr("Account"))
        column.addWidget(self.line)
        row = QHBoxLayout()
        column.addLayout(row)
        self.connect_button = self._button(
            "connect", tr("Connect to a server…"), self.connect_requested
        )
        self.sign_in_button = self._button("sign-in", tr("Sign in…"), self.sign_in_requested)
        self.sign_out_button = self._button("sign-out", tr("Sign out"), self.sign_out_requested)
        self.change_button = self._button(
            "change-server", tr("Change server…"), self.connect_requested
        )
        self.local_button = self._button(
            "use-local-mode", tr("Use local mode"), self.local_mode_requested
        )
        for button in self.buttons():
            row.addWidget(button)
        row.addStretch(1)

    def _button(self, name: str, text: str, signal: SignalInstance) -> QPushButton:
        button = named(QPushButton(text), name)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(signal)
        return button

    def buttons(self) -> list[QPushButton]:
        return [
            self.connect_button,
            self.sign_in_button,
            self.sign_out_button,
            self.change_button,
            self.local_button,
        ]

    def show_state(self, state: ClientState) -> None:
        server = state.server_url or ""
        if state.local_mode:
            self.line.setText(account_words.local_mode_line())
        elif state.user is not None:
            self.line.setText(account_words.signed_in_as(state.user.display_name, server))
        else:
            self.line.setText(account_words.not_signed_in_at(server))
        self.connect_button.setVisible(state.local_mode)
        self.sign_in_button.setVisible(not state.local_mode and state.user is None)
        self.sign_out_button.setVisible(not state.local_mode and state.user is not None)
        self.change_button.setVisible(not state.local_mode)
        self.local_button.setVisible(not state.local_mode)
