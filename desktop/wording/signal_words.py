"""What the window's "What counts" box says about each signal: available here or not,
and what it reads now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.signals.readings import Readings
from desktop.wording.times import clock_time, duration
from desktop.wording.translate import tr


@dataclass(frozen=True)
class SignalLine:
    """One signal in words; `available` is False when this desktop cannot read it."""

    text: str
    available: bool = True


@dataclass(frozen=True)
class CalendarLine:
    name: str  # the host, never the whole address: it may hold a secret token
    text: str
    ok: bool


@dataclass(frozen=True)
class WhatCountsView:
    keyboard: SignalLine
    calls: SignalLine
    calendar: SignalLine
    dnd: SignalLine
    calendars: tuple[CalendarLine, ...] = ()
    titles_shown: bool = False


def keyboard_line(idle_seconds: float | None, unavailable: bool) -> SignalLine:
    if unavailable:
        return SignalLine(
            tr("Not available on this desktop: it does not tell apps how long you are idle."),
            available=False,
        )
    if idle_seconds is None:
        return SignalLine(tr("Not read yet"))
    if idle_seconds < 60:
        return SignalLine(tr("In use now"))
    return SignalLine(tr("No input for {duration}", duration=duration(idle_seconds)))


def calls_line(readings: Readings) -> SignalLine:
    reading = readings.calls
    if reading is None:
        return SignalLine(tr("Not read yet"))
    if not reading.available:
        why = reading.problem or tr(
            "This desktop does not say when the microphone or camera is in use."
        )
        return SignalLine(why, available=False)
    if reading.in_call:
        used = _devices_in_use(reading.microphone, reading.camera)
        return SignalLine(tr("In a call now: {used} in use", used=used))
    if reading.microphone is None or reading.camera is None:
        # One of the two cannot be read: say which, rather than "no app uses them".
        return SignalLine(
            tr("Not in a call, as far as can be told. {problem}", problem=reading.problem or "")
        )
    return SignalLine(tr("Not in a call: no app is using the microphone or camera"))


def _devices_in_use(microphone: bool | None, camera: bool | None) -> str:
    if microphone and camera:
        return tr("microphone and camera")
    if camera:
        return tr("camera")
    return tr("microphone")


def dnd_line(readings: Readings) -> SignalLine:
    reading = readings.dnd
    if reading is None:
        return SignalLine(tr("Not read yet"))
    if not reading.available:
        why = reading.problem or tr("This desktop does not tell apps whether it is on.")
        return SignalLine(why, available=False)
    where = reading.source or tr("your desktop")
    if reading.on:
        return SignalLine(tr("On (read from {where})", where=where))
    return SignalLine(tr("Off (read from {where})", where=where))


def calendar_line(readings: Readings, now: datetime, titles_shown: bool) -> SignalLine:
    reading = readings.calendar
    if reading is not None and reading.list_problem is not None:
        return SignalLine(reading.list_problem, available=False)
    if reading is None or not reading.sources:
        return SignalLine(tr("No calendar added"))
    if reading.busy_until is None or reading.busy_until <= now:
        if not any(source.ok for source in reading.sources):
            return SignalLine(tr("Unknown: no calendar could be read"), available=False)
        return SignalLine(tr("Free now"))
    until = clock_time(reading.busy_until, now)
    if titles_shown and reading.titles:
        titles = tr(", ").join(reading.titles)
        return SignalLine(tr("Busy until {time}: {titles}", time=until, titles=titles))
    return SignalLine(tr("Busy until {time}", time=until))


def calendar_lines(readings: Readings, now: datetime) -> tuple[CalendarLine, ...]:
    reading = readings.calendar
    if reading is None:
        return ()
    lines = []
    for source in reading.sources:
        if source.ok:
            if source.fetched_at is None:
                text = tr("{name}: not read yet", name=source.label)
            else:
                text = tr(
                    "{name}: read at {time}",
                    name=source.label,
                    time=clock_time(source.fetched_at, now),
                )
        else:
            text = tr("{name}: {problem}", name=source.label, problem=source.problem or "")
        lines.append(CalendarLine(source.label, text, source.ok))
    return tuple(lines)


def what_counts(
    readings: Readings,
    now: datetime,
    *,
    idle_seconds: float | None,
    idle_unavailable: bool,
    titles_shown: bool,
) -> WhatCountsView:
    return WhatCountsView(
        keyboard=keyboard_line(idle_seconds, idle_unavailable),
        calls=calls_line(readings),
        calendar=calendar_line(readings, now, titles_shown),
        dnd=dnd_line(readings),
        calendars=calendar_lines(readings, now),
        titles_shown=titles_shown,
    )
