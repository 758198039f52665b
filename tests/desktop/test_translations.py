"""Translations: every sentence is marked, German is complete, and the app speaks it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.languages import install_translations, remove_translations
from desktop.ui.tray import Tray
from desktop.ui.window import AvailabilityWindow

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "resources" / "translations" / "availability_de.ts"
COMPILED = GERMAN.with_suffix(".qm")
FIELD = re.compile(r"\{[a-z_]+\}")


def tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else name


def messages(path: Path) -> dict[str, ElementTree.Element]:
    root = ElementTree.parse(path).getroot()  # noqa: S314 (our own file)
    return {
        message.findtext("source") or "": message.find("translation")  # type: ignore[misc]
        for message in root.iter("message")
    }


def test_the_translation_file_lists_every_sentence_the_app_says(tmp_path: Path) -> None:
    """pyside6-lupdate over the sources finds nothing the file lacks, and nothing stale."""
    fresh = tmp_path / "fresh.ts"
    shutil.copy(GERMAN, fresh)
    sources = sorted(str(path) for path in (ROOT / "desktop").rglob("*.py"))
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources,
            "-locations",
            "none",
            "-no-obsolete",
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert set(messages(fresh)) == set(messages(GERMAN)), (
        "resources/translations/availability_de.ts is out of date: see docs/translations.md"
    )


def test_every_sentence_has_its_german_with_the_same_fields() -> None:
    for source, translation in messages(GERMAN).items():
        assert translation is not None
        assert translation.get("type") is None, f"unfinished: {source!r}"
        text = translation.text or ""
        assert text.strip(), f"empty: {source!r}"
        assert sorted(FIELD.findall(text)) == sorted(FIELD.findall(source)), source


def test_the_compiled_file_is_the_translation(tmp_path: Path) -> None:
    compiled = tmp_path / "de.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(GERMAN), "-qm", str(compiled)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert compiled.read_bytes() == COMPILED.read_bytes(), (
        "resources/translations/availability_de.qm is out of date: see docs/translations.md"
    )


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translators = install_translations(qapp, QLocale(QLocale.Language.German))
    assert translators, "no German translation was found"
    yield
    remove_translations(qapp, translators)


def test_in_german_the_tray_and_the_window_speak_german(qtbot: QtBot, german: None) -> None:
    tray = Tray()
    entries = tray.menu_entries()
    assert "Beschäftigt (disabled)" in entries, entries  # nobody signed in yet
    assert "[ ] Abwesend (disabled)" in entries, entries
    window = AvailabilityWindow()
    qtbot.addWidget(window)
    assert window.status.title() == "Mein Status"
    assert window.quit_button.text() == "Beenden"
    tray.deleteLater()
