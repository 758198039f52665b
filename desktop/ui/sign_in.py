"""The sign-in dialog for an organisation's server."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.settings import SettingsError, check_server_url
from desktop.ui.naming import named
from desktop.ui.quick_icons import app_icon
from desktop.wording.translate import tr


class SignInDialog(QDialog):
    """Signals:
    submitted(str, str, str): server URL, email, password. Answer with show_error or accept().
    """

    submitted = Signal(str, str, str)

    def __init__(self, server_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sign in — Availability"))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Sign in to your organisation's status server."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.server = named(QLineEdit(server_url), "server")
        self.server.setPlaceholderText("https://status.example.org")
        self.server.setAccessibleName(tr("Server address"))
        self.email = named(QLineEdit(), "email")
        self.email.setAccessibleName(tr("Email"))
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        form.addRow(tr("&Server:"), self.server)
        form.addRow(tr("&Email:"), self.email)
        form.addRow(tr("&Password:"), self.password)
        layout.addLayout(form)
        self.error = named(QLabel(), "error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #C62828;")
        self.error.setAccessibleName(tr("Sign-in problem"))
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.email if server_url else self.server).setFocus()

    def submit(self) -> None:
        try:
            url = check_server_url(self.server.text())
        except SettingsError as error:
            self.show_error(str(error))
            return
        if "@" not in self.email.text():
            self.show_error(tr("Enter the email address you sign in with."))
            return
        if not self.password.text():
            self.show_error(tr("Enter your password."))
            return
        self.error.hide()
        self.set_busy(True)
        self.submitted.emit(url, self.email.text().strip(), self.password.text())

    def reset(self) -> None:
        """Forget the password and any old error: a fresh attempt."""
        self.password.clear()
        self.error.hide()
        self.set_busy(False)
        (
            self.email
            if self.server.text() and not self.email.text()
            else self.password
            if self.email.text()
            else self.server
        ).setFocus()

    def reject(self) -> None:
        self.password.clear()
        super().reject()

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText(tr("Signing in…") if busy else "Sign in")

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()
