"""The QApplication of the tray app: names, icon, and no quitting when a window closes."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from desktop.ui.languages import install_translations
from desktop.ui.quick_icons import app_icon


def create_application(version: str) -> QApplication:
    existing = QApplication.instance()
    application = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    application.setApplicationName("Availability")
    application.setApplicationVersion(version)
    application.setDesktopFileName("availability")
    application.setWindowIcon(app_icon())
    application.setQuitOnLastWindowClosed(False)  # it lives in the tray
    install_translations(application)
    return application
