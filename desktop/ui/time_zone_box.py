"""A time-zone picker that finds a zone by any part of its city's name."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.wording.zones import place_zones, zone_label


class TimeZoneBox(QComboBox):
    """Each entry reads 'Berlin — Europe (UTC+01:00)' and holds 'Europe/Berlin'.

    Typing 'berl' offers Berlin. Enter, Tab or a pick from the list emits `zone_chosen`
    with the IANA name; text that names no zone emits `zone_refused` with that text and
    `zone()` keeps the last good zone, so an edit never carries a zone that is not one.
    Choosing the zone already shown emits `zone_chosen` too (it clears a refusal).

    Signals:
    zone_chosen(str): an IANA zone name.
    zone_refused(str): the text typed, which names no zone.
    """

    zone_chosen = Signal(str)
    zone_refused = Signal(str)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._zone = "UTC"
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        moment = now()
        for name in place_zones():
            self.addItem(zone_label(name, moment), name)
        finder = QCompleter(self.model(), self)
        finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        finder.setFilterMode(Qt.MatchFlag.MatchContains)
        finder.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(finder)
        finder.activated[str].connect(lambda _text: self._take_typed())  # type: ignore[index]
        self.activated.connect(self._on_picked)
        line_edit = self.lineEdit()
        assert line_edit is not None
        line_edit.editingFinished.connect(self._take_typed)

    def zone(self) -> str:
        """The IANA name of the last zone chosen or shown."""
        return self._zone

    def set_zone(self, name: str) -> None:
        """Show `name` without emitting anything; a valid zone off the list is added."""
        index = self.findData(name)
        if index < 0:
            self.addItem(zone_label(name, self._now()), name)
            index = self.count() - 1
        with QSignalBlocker(self):
            self.setCurrentIndex(index)
        self._zone = name

    def _on_picked(self, index: int) -> None:
        name = self.itemData(index)
        if isinstance(name, str):
            self._choose(name)

    def _take_typed(self) -> None:
        text = self.currentText().strip()
        name = self._zone_for(text)
        if name is None:
            self.zone_refused.emit(text)
            return
        self.set_zone(name)
        self._choose(name)

    def _choose(self, name: str) -> None:
        self._zone = name
        self.zone_chosen.emit(name)

    def _zone_for(self, text: str) -> str | None:
        """The zone `text` names: an entry's label, an IANA name, or one city alone."""
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index))
        lowered = text.lower()
        for name in zoneinfo.available_timezones():
            if name.lower() == lowered:
                return name
        cities = [
            name
            for name in place_zones()
            if name.rsplit("/", 1)[-1].replace("_", " ").lower() == lowered
        ]
        return cities[0] if len(cities) == 1 else None
