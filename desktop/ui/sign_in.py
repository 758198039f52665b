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
from desktop.ui.fitting import fit_height
from desktop.ui.naming import named
from desktop.ui.notes import error_label
from desktop.ui.quick_icons import app_icon
from desktop.wording.translate import tr

MINIMUM_WIDTH = 440  # the fields keep their width whatever the error says


class SignInDialog(QDialog):
    """Signals:
    submitted(str, str, str): server URL, email, password. Answer with show_error or accept().
    """

    submitted = Signal(str, str, str)

    def __init__(
        self,
        server_url: str = "",
        email: str = "",
        keyring_note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """`email`: the one signed in with last. `keyring_note`: where the sign-in is kept."""
        super().__init__(parent)
        self.setWindowTitle(tr("Sign in — Availability"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(MINIMUM_WIDTH)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Sign in to your organisation's status server."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.server = named(QLineEdit(server_url), "server")
        self.server.setPlaceholderText("status.example.org")
        self.server.setAccessibleName(tr("Server address"))
        self.email = named(QLineEdit(email), "email")
        self.email.setPlaceholderText("name@example.org")
        self.email.setAccessibleName(tr("Email"))
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        form.addRow(tr("&Server:"), self.server)
        form.addRow(tr("&Email:"), self.email)
        form.addRow(tr("&Password:"), self.password)
        layout.addLayout(form)
        self.keyring_note = named(QLabel(keyring_note), "keyring-note")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("color: palette(placeholder-text);")
        self.keyring_note.setVisible(bool(keyring_note))
        layout.addWidget(self.keyring_note)
        self.error = error_label("error")
        self.error.setAccessibleName(tr("Sign-in problem"))
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.first_empty_field().setFocus()

    def first_empty_field(self) -> QLineEdit:
        """Where typing starts: the first field still to fill, else the password."""
        for field in (self.server, self.email):
            if not field.text().strip():
                return field
        return self.password

    def submit(self) -> None:
        try:
            url = check_server_url(self.server.text())
        except SettingsError as error:
            self.show_error(str(error), self.server)
            return
        if "@" not in self.email.text():
            self.show_error(tr("Enter the email address you sign in with."), self.email)
            return
        if not self.password.text():
            self.show_error(tr("Enter your password."), self.password)
            return
        self.error.hide()
        self.set_busy(True)
        self.submitted.emit(url, self.email.text().strip(), self.password.text())

    def reset(self) -> None:
        """Forget the password and any old error: a fresh attempt."""
        self.password.clear()
        self.error.hide()
        self.set_busy(False)
        self.first_empty_field().setFocus()

    def reject(self) -> None:
        self.password.clear()
        super().reject()

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText(tr("Signing in…") if busy else tr("Sign in"))

    def show_error(self, text: str, field: QLineEdit | None = None) -> None:
        """Say what went wrong, and put the cursor where it can be fixed (the password
        unless `field` says otherwise: a wrong password is the usual reason)."""
        self.set_busy(False)
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        self.error.show()
        fit_height(self)
        target = field or self.password
        target.selectAll()
        target.setFocus()
