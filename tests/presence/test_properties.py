"""Properties of the status rules that hold for any inputs (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from presence import (
    AdminOverride,
    AppState,
    Availability,
    Device,
    DeviceSignals,
    EffectiveStatus,
    QuietHours,
    Reason,
    Role,
    Status,
    Weekday,
    effective_status,
    quiet_hours_edges,
)
from presence.effective import _candidates
from tests.presence.builders import CONFIG, Situation, T, device

TICK = timedelta(microseconds=1)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
CAP_REASONS = {
    Reason.AT_CAPACITY,
    Reason.IN_CALL,
    Reason.WRAP_UP,
    Reason.CALENDAR,
    Reason.DO_NOT_DISTURB,
    Reason.QUIET_HOURS,
    Reason.NOT_ACCEPTING,
}

# An ordinary day and instants near the four 2026 DST transitions of the doc.
BASES = [
    datetime(2026, 6, 15, 12, 0, tzinfo=UTC),
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 6, 0, tzinfo=UTC),
]
ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"]

quarter_hours = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
quiet_hours = st.builds(
    QuietHours,
    enabled=st.sampled_from([True, True, False]),
    timezone=st.sampled_from(ZONES),
    start=quarter_hours,
    end=quarter_hours,
    days=st.frozensets(st.sampled_from(Weekday)),
)


def seconds(low: int, high: int) -> st.SearchStrategy[timedelta]:
    """Whole seconds, sometimes one microsecond off, so boundaries are hit and just missed."""
    return st.builds(
        lambda whole, micro: timedelta(seconds=whole, microseconds=micro),
        st.integers(low, high),
        st.sampled_from([0, 0, 0, 1, -1]),
    )


def around(*points: int) -> st.SearchStrategy[timedelta]:
    """Within a few seconds of one of `points` (seconds from now)."""
    return st.builds(
        lambda point, jitter: timedelta(seconds=point) + jitter,
        st.sampled_from(points),
        seconds(-3, 3),
    )


# The thresholds are 100 s (liveness), 300 s (away) and 900 s (offline): draw times
# spread over all of them, and often right next to one.
LAST_SEEN = seconds(-1500, 60) | around(0, -100)
LAST_ACTIVE = seconds(-1500, 60) | around(0, -300, -900)
# Mostly professionals: only they meet overrides and caps.
ANY_ROLE = st.sampled_from([Role.PROFESSIONAL, Role.PROFESSIONAL, Role.PROFESSIONAL, *Role])


@st.composite
def situations(
    draw: st.DrawFn, roles: st.SearchStrategy[Role] = ANY_ROLE
) -> tuple[Situation, datetime]:
    """A person and an instant `now`; every time they hold lies near `now`."""
    now = draw(st.sampled_from(BASES)) + draw(seconds(-1800, 1800))
    later = st.builds(lambda offset: now + offset, seconds(-600, 1200))
    signals = st.builds(
        DeviceSignals,
        in_call=st.sampled_from([False, False, True]),
        calendar_busy_until=st.none() | later,
        do_not_disturb=st.booleans(),
    )
    devices = tuple(
        Device(
            device_id=f"device-{index}",
            app_state=draw(st.sampled_from(AppState)),
            last_seen_at=now + draw(LAST_SEEN),
            last_active_at=now + draw(LAST_ACTIVE),
            signals=draw(st.just(DeviceSignals()) | signals),
        )
        for index in range(draw(st.integers(0, 3)))
    )
    override = st.builds(AdminOverride, st.sampled_from(Status), st.none() | later)
    availability = Availability(
        preference=draw(st.sampled_from(Status)),
        preference_expires_at=draw(st.none() | later),
        max_concurrent_sessions=draw(st.integers(0, 3)),
        online_availability=draw(st.booleans()),
        in_person_availability=draw(st.booleans()),
        quiet_hours=draw(quiet_hours),
        admin_override=draw(st.none() | override),
        wrap_up_minutes=draw(st.integers(0, 120)),
        busy_in_calls=draw(st.booleans()),
        busy_in_do_not_disturb=draw(st.booleans()),
        wrap_up_until=draw(st.none() | later),
    )
    situation = Situation(availability, devices, draw(st.integers(0, 4)), draw(roles))
    return situation, now


def seen(result: EffectiveStatus) -> tuple[Status, Reason]:
    return result.status, result.reason


def spec_candidates(situation: Situation, now: datetime) -> list[datetime]:
    """The instants DESIGN.md section 3 lists for changes_at, worked out independently."""
    availability, devices = situation.availability, situation.devices
    found = [d.last_seen_at + CONFIG.liveness_timeout + TICK for d in devices]
    if devices:
        last_active_at = max(d.last_active_at for d in devices)
        found += [last_active_at + CONFIG.away_after, last_active_at + CONFIG.offline_after]
    if availability.preference_expires_at is not None:
        found.append(availability.preference_expires_at)
    override = availability.admin_override
    if override is not None and override.until is not None:
        found.append(override.until)
    found += quiet_hours_edges(availability.quiet_hours, now)
    if availability.wrap_up_until is not None:
        found.append(availability.wrap_up_until)
    found += [d.signals.calendar_busy_until for d in devices if d.signals.calendar_busy_until]
    return [t for t in found if t > now]


@PROPERTY_SETTINGS
@given(situations(st.sampled_from([Role.PROFESSIONAL, Role.USER])), st.data())
def test_busy_or_offline_preference_is_never_online(
    drawn: tuple[Situation, datetime], data: st.DataObject
) -> None:
    situation, now = drawn
    # Offline is a professional's choice only; users choose online or busy.
    choices = (
        [Status.BUSY, Status.OFFLINE] if situation.role is Role.PROFESSIONAL else [Status.BUSY]
    )
    availability = replace(
        situation.availability,
        preference=data.draw(st.sampled_from(choices)),
        # Not expired: no expiry, or one a microsecond away.
        preference_expires_at=data.draw(st.none() | st.just(now + TICK)),
        admin_override=None,
    )
    assert replace(situation, availability=availability).at(now).status is not Status.ONLINE


@PROPERTY_SETTINGS
@given(situations(), st.data())
def test_changes_at_is_the_next_change(
    drawn: tuple[Situation, datetime], data: st.DataObject
) -> None:
    situation, now = drawn
    result = situation.at(now)
    changes_at = result.changes_at
    if changes_at is not None:
        assert changes_at > now
        assert seen(situation.at(changes_at - TICK)) == seen(result)
        assert seen(situation.at(changes_at)) != seen(result)
    # E holds still until changes_at (for ever if it is None): at every instant where
    # an input crosses a threshold, and at a random instant.
    until = changes_at if changes_at is not None else now + timedelta(days=9)
    span = until - now
    checks = [t for t in spec_candidates(situation, now) if t < until]
    checks.append(now + span * data.draw(st.floats(0, 1, exclude_max=True)))
    for instant in checks:
        assert seen(situation.at(min(instant, until - TICK))) == seen(result), instant


@PROPERTY_SETTINGS
@given(situations())
def test_accepting_sessions_exactly_when_a_professional_is_online(
    drawn: tuple[Situation, datetime],
) -> None:
    situation, now = drawn
    result = situation.at(now)
    professional = situation.role is Role.PROFESSIONAL
    assert result.accepting_sessions is (professional and result.status is Status.ONLINE)
    if not professional:
        assert result.max_concurrent_sessions is None
        assert result.reason not in {*CAP_REASONS, Reason.ADMIN_OVERRIDE}


@PROPERTY_SETTINGS
@given(situations(st.just(Role.PROFESSIONAL)))
def test_caps_only_turn_online_into_busy(drawn: tuple[Situation, datetime]) -> None:
    situation, now = drawn
    # A wrap-up is a cap and also counts as working (it changes A): its own rows test it.
    situation = replace(situation, availability=replace(situation.availability, wrap_up_until=None))
    no_caps = replace(
        situation.availability,
        max_concurrent_sessions=situation.sessions + 1,
        quiet_hours=QuietHours(enabled=False),
        online_availability=True,
        busy_in_calls=False,
        busy_in_do_not_disturb=False,
    )
    # A call still counts as activity; only its cap is off. The calendar is a cap alone.
    free = tuple(
        replace(d, signals=replace(d.signals, calendar_busy_until=None)) for d in situation.devices
    )
    uncapped = seen(replace(situation, availability=no_caps, devices=free).at(now))
    capped = seen(situation.at(now))
    if uncapped[0] is Status.ONLINE:
        assert capped == uncapped or (capped[0] is Status.BUSY and capped[1] in CAP_REASONS)
    else:
        assert capped == uncapped


@PROPERTY_SETTINGS
@given(situations(), st.data())
def test_device_order_does_not_matter(
    drawn: tuple[Situation, datetime], data: st.DataObject
) -> None:
    situation, now = drawn
    shuffled = tuple(data.draw(st.permutations(situation.devices)))
    assert replace(situation, devices=shuffled).at(now) == situation.at(now)


def test_the_instants_looked_at_do_not_grow_with_the_devices() -> None:
    # Each candidate instant costs a pass over the devices: one instant per device made
    # the status quadratic (1,500 devices: a 3.4 s heartbeat).
    states = [AppState.FOREGROUND, AppState.BACKGROUND, AppState.OFFLINE]
    many = [
        device(states[n % 3], seen=-n * 0.5, active=-n, name=f"device-{n}") for n in range(1500)
    ]
    availability = Availability()
    assert len(_candidates(availability, many, T, CONFIG)) <= 4
    # The status is the same as with every device's instant looked at.
    assert effective_status(Role.PROFESSIONAL, availability, many, 0, T, CONFIG).changes_at == (
        max(d.last_seen_at for d in many if d.app_state is AppState.FOREGROUND)
        + CONFIG.liveness_timeout
        + TICK
    )
