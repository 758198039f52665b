"""Time zones as people look for them: by city, with the offset they have today."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache

from desktop.wording.translate import tr

# The areas of the IANA database where places live; the rest are aliases and legacy names.
_AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def place_zones() -> tuple[str, ...]:
    """The zones named after a place ('Europe/Berlin'), and 'UTC', sorted by name."""
    names = (
        name
        for name in zoneinfo.available_timezones()
        if name.split("/", 1)[0] in _AREAS and "/" in name
    )
    return ("UTC", *sorted(names))


def utc_offset(name: str, now: datetime) -> str:
    """'UTC+01:00', 'UTC-05:00', 'UTC+05:30': the zone's offset at `now`."""
    offset = now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "\u2212"  # a minus sign, not a hyphen
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_label(name: str, now: datetime) -> str:
    """'Berlin — Europe (UTC+01:00)', 'Buenos Aires — America, Argentina (UTC-03:00)'."""
    if "/" not in name:
        return name
    *areas, city = name.split("/")
    return tr(
        "{city} — {area} ({offset})",
        city=city.replace("_", " "),
        area=", ".join(area.replace("_", " ") for area in areas),
        offset=utc_offset(name, now),
    )


def not_a_zone(text: str) -> str:
    return tr(
        "There is no time zone called “{text}”. Type a city, like Berlin, and pick it "
        "from the list.",
        text=text,
    )
