"""The dialog that adds a calendar: an ICS link, or a CalDAV account."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.signals.calendar_sources import CaldavSource, CalendarSource, IcsSource, refusal
from desktop.ui.naming import named
from desktop.ui.notes import error_label
from desktop.ui.quick_icons import app_icon
from desktop.wording.translate import tr

MINIMUM_WIDTH = 480


class CalendarDialog(QDialog):
    """Signals:
    submitted(CalendarSource): a source that passed the checks here. Answer with
        show_error(text) or accept().
    """

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add a calendar — Availability"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(MINIMUM_WIDTH)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "While an event in it is busy, you show as busy. Only the time it ends "
                "leaves this computer; titles never do."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.ics = named(QRadioButton(tr("A calendar link (ICS, iCal or webcal)")), "kind-ics")
        self.caldav = named(QRadioButton(tr("A CalDAV account")), "kind-caldav")
        self.ics.setChecked(True)
        layout.addWidget(self.ics)
        layout.addWidget(self.caldav)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.url = named(QLineEdit(), "calendar-url")
        self.url.setPlaceholderText("https://calendar.example.org/…/basic.ics")
        self.url.setAccessibleName(tr("Calendar address"))
        self.username = named(QLineEdit(), "calendar-username")
        self.username.setAccessibleName(tr("User name"))
        self.password = named(QLineEdit(), "calendar-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        form.addRow(tr("&Address:"), self.url)
        self._username_label = QLabel(tr("&User name:"))
        self._username_label.setBuddy(self.username)
        self._password_label = QLabel(tr("&Password:"))
        self._password_label.setBuddy(self.password)
        form.addRow(self._username_label, self.username)
        form.addRow(self._password_label, self.password)
        layout.addLayout(form)
        note = QLabel(tr("The address and any password are kept in your system keyring."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)
        self.error = error_label("calendar-error")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(tr("Add"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.caldav.toggled.connect(self._show_kind)
        self._show_kind(False)
        self.url.setFocus()

    def _show_kind(self, caldav: bool) -> None:
        for widget in (self._username_label, self.username, self._password_label, self.password):
            widget.setVisible(caldav)

    def source(self) -> CalendarSource:
        url = self.url.text().strip()
        if self.caldav.isChecked():
            return CaldavSource(url, self.username.text().strip(), self.password.text())
        return IcsSource(url)

    def submit(self) -> None:
        source = self.source()
        words = refusal(source)
        if words is not None:
            self.show_error(words)
            missing_name = isinstance(source, CaldavSource) and source.url and not source.username
            (self.username if missing_name else self.url).setFocus()
            return
        self.error.hide()
        self.add_button.setEnabled(False)  # until the keyring has answered
        self.submitted.emit(source)

    def reset(self) -> None:
        """Empty, for the next calendar: an address may hold a token, and a password."""
        for field in (self.url, self.username, self.password):
            field.clear()
        self.ics.setChecked(True)
        self.error.hide()
        self.add_button.setEnabled(True)
        self.url.setFocus()

    def done(self, result: int) -> None:
        self.reset()
        super().done(result)

    def show_error(self, text: str) -> None:
        self.add_button.setEnabled(True)
        self.error.setText(text)
        self.error.show()
