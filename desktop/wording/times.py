"""Times and durations in the person's own words and locale, never as ISO text."""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from PySide6.QtCore import QDate, QLocale, QTime

from desktop.wording.translate import tr


def clock_time(
    moment: datetime, now: datetime, zone: tzinfo | None = None, locale: QLocale | None = None
) -> str:
    """'15:00' today, 'tomorrow 09:00', 'Tue 09:00' within a week, else '2 Dec 09:00'.

    In local time (or `zone`), written the way the locale writes times and names days.
    """
    locale = locale or QLocale()
    local, today = moment.astimezone(zone), now.astimezone(zone)
    at = time_of_day(local.time(), locale)
    days = (local.date() - today.date()).days
    if days == 0:
        return at
    if days == 1:
        return tr("tomorrow {time}", time=at)
    if 0 < days < 7:
        day = locale.dayName(local.isoweekday(), QLocale.FormatType.ShortFormat)
        return tr("{day} {time}", day=day, time=at)
    date = locale.toString(QDate(local.year, local.month, local.day), "d MMM")
    return tr("{date} {time}", date=date, time=at)


def time_of_day(at: time, locale: QLocale | None = None) -> str:
    """'08:00', as the locale writes a time of day."""
    return (locale or QLocale()).toString(QTime(at.hour, at.minute), QLocale.FormatType.ShortFormat)


def duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return tr("less than a minute")
    if minutes < 60:
        return tr("1 minute") if minutes == 1 else tr("{count} minutes", count=minutes)
    hours = minutes // 60
    return tr("1 hour") if hours == 1 else tr("{count} hours", count=hours)
