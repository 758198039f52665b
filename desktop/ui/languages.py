"""The person's language: the app's own translations and Qt's, for the system locale.

Translations are Qt Linguist files: `resources/translations/availability_<lang>.ts`,
kept up to date with `pyside6-lupdate` and compiled to `.qm` with `pyside6-lrelease`
(docs/translations.md). A language without a file shows the English source text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.resources import resource

DOMAIN = "availability"


def install_translations(
    application: QCoreApplication, locale: QLocale | None = None
) -> list[QTranslator]:
    """Install the translators for `locale` (the system's by default); those found."""
    locale = locale or QLocale()
    found: list[QTranslator] = []
    folders = (
        (DOMAIN, str(resource("translations"))),
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    )
    for name, folder in folders:
        translator = QTranslator(application)
        if translator.load(locale, name, "_", folder):
            application.installTranslator(translator)
            found.append(translator)
        else:
            translator.deleteLater()
    return found


def remove_translations(application: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        application.removeTranslator(translator)
