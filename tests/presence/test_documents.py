"""The wire documents are read strictly: what lacks the documented shape names its field."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from presence import EffectiveStatus, Reason, Role, Status, Weekday
from presence.documents import (
    AvailabilityDocument,
    DocumentError,
    JsonObject,
    UserInfo,
    availability_json,
    effective_status_json,
    read_availability,
    read_effective_status,
    read_heartbeat_answer,
    read_list,
    read_session,
    read_token_grant,
    read_user,
    user_json,
)
from tests.support.documents import NOW, availability, effective_status, override, quiet_hours


def exactly(text: str) -> str:
    """A `match=` pattern for the whole message `text`."""
    return f"^{re.escape(text)}$"


def starting(text: str) -> str:
    """A `match=` pattern for a message that begins with `text`."""
    return f"^{re.escape(text)}"


WHOLE = availability(
    preference=Status.BUSY,
    preference_expires_at=NOW + timedelta(hours=1),
    max_concurrent_sessions=4,
    online_availability=False,
    quiet_hours=quiet_hours(
        timezone="Europe/Berlin",
        start=time(21, 30),
        end=time(7, 15),
        days=frozenset({Weekday.MON, Weekday.FRI}),
    ),
    admin_override=override(Status.AWAY, NOW + timedelta(hours=2), "Training", "Dana"),
    version=12,
)


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [availability(), WHOLE, availability(admin_override=override(Status.BUSY, None, None, None))],
    ids=["defaults", "every field", "override without details"],
)
def test_an_availability_document_survives_a_round_trip(document: AvailabilityDocument) -> None:
    assert read_availability(availability_json(document)) == document


def test_the_round_trip_survives_json_text_too() -> None:
    assert read_availability(json.loads(json.dumps(availability_json(WHOLE)))) == WHOLE


def test_an_effective_status_and_a_user_survive_a_round_trip() -> None:
    status = effective_status(
        Status.BUSY, Reason.AT_CAPACITY, changes_at=NOW + timedelta(minutes=5)
    )
    assert read_effective_status(effective_status_json(status)) == status
    unlimited = effective_status(max_concurrent_sessions=None, last_active_at=None)
    assert read_effective_status(effective_status_json(unlimited)) == unlimited
    user = UserInfo(id="u1", email="a@example.org", display_name="Ann", role=Role.ADMIN)
    assert read_user(user_json(user)) == user


def test_the_written_document_is_the_documented_json() -> None:
    written = availability_json(WHOLE)
    quiet = written["quiet_hours"]
    assert isinstance(quiet, dict)
    assert (quiet["start"], quiet["end"]) == ("21:30", "07:15")
    assert quiet["days"] == ["mon", "fri"]  # in week order
    assert written["preference"] == "busy"
    assert written["preference_expires_at"] == "2026-11-24T11:00:00+00:00"


def test_times_keep_their_offset() -> None:
    document = availability_json(availability())
    document["preference_expires_at"] = "2026-11-24T12:00:00+02:00"
    read = read_availability(document)
    assert read.preference_expires_at == NOW
    assert read.preference_expires_at is not None
    assert read.preference_expires_at.utcoffset() == timedelta(hours=2)
    assert read.preference_expires_at.tzinfo == timezone(timedelta(hours=2))


# --- refusals that name the field ---------------------------------------------------------


def changed(path: str, value: object) -> JsonObject:
    """The whole document's JSON with the member at dotted `path` set (or removed: DROP)."""
    document = copy.deepcopy(availability_json(WHOLE))
    *parents, key = path.split(".")
    target: dict[str, object] = document  # type: ignore[assignment]
    for parent in parents:
        inner = target[parent]
        assert isinstance(inner, dict)
        target = inner
    if value is DROP:
        del target[key]
    else:
        target[key] = value
    return document


DROP = object()


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        # A missing field.
        ("version", DROP, "version is missing"),
        ("quiet_hours.timezone", DROP, "quiet_hours.timezone is missing"),
        ("admin_override.set_by.display_name", DROP, "admin_override.set_by.display_name"),
        # A wrong type.
        ("max_concurrent_sessions", "3", "max_concurrent_sessions is not a whole number"),
        ("max_concurrent_sessions", True, "max_concurrent_sessions is not a whole number"),
        ("online_availability", "yes", "online_availability is not true or false"),
        ("quiet_hours", [], "quiet_hours is not a JSON object"),
        ("quiet_hours.days", "mon", "quiet_hours.days is not a list"),
        ("admin_override.note", 5, "admin_override.note is not text"),
        # A bad enum value.
        ("preference", "sleeping", "preference is not one of online, busy, away, offline"),
        ("admin_override.status", "BUSY", "admin_override.status is not one of"),
        ("quiet_hours.days", ["mon", "someday"], "quiet_hours.days[1] is not a weekday"),
        # A bad date or time.
        ("preference_expires_at", "tomorrow", "preference_expires_at is not a date and time"),
        ("preference_expires_at", "2026-11-24T10:00:00", "with an offset"),
        ("admin_override.until", "2026-13-01T00:00:00Z", "admin_override.until is not a date"),
        ("quiet_hours.start", "25:00", "quiet_hours.start is not a time of day"),
    ],
)
def test_an_availability_document_of_the_wrong_shape_names_the_field(
    path: str, value: object, named: str
) -> None:
    with pytest.raises(DocumentError, match=re.escape(named)):
        read_availability(changed(path, value))


def test_a_document_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=starting("preference ")):
        read_availability({})


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("preference", "preference"),  # read as a choice
        ("preference_expires_at", "preference_expires_at"),  # read as a date and time
        ("quiet_hours.start", "quiet_hours.start"),  # read as a time of day
    ],
)
def test_a_missing_field_of_any_kind_is_named(path: str, named: str) -> None:
    with pytest.raises(DocumentError) as error:
        read_availability(changed(path, DROP))
    assert str(error.value).startswith(f"{named} ")


@pytest.mark.parametrize("path", ["preference", "quiet_hours.start", "computed_at"])
def test_a_missing_choice_or_time_is_said_to_be_missing(path: str) -> None:
    if path == "computed_at":  # a date and time no document may leave out
        good = effective_status_json(effective_status())
        without = {k: v for k, v in good.items() if k != path}
        with pytest.raises(DocumentError, match=exactly(f"{path} is missing")):
            read_effective_status(without)
    else:
        with pytest.raises(DocumentError, match=exactly(f"{path} is missing")):
            read_availability(changed(path, DROP))


@pytest.mark.parametrize("value", [None, [], "text", 3])
def test_what_is_not_an_object_is_refused(value: object) -> None:
    with pytest.raises(DocumentError, match="the document is not a JSON object"):
        read_availability(value)


def test_an_effective_status_names_its_fields() -> None:
    good = effective_status_json(effective_status())
    with pytest.raises(DocumentError, match=starting("computed_at ")):
        read_effective_status({k: v for k, v in good.items() if k != "computed_at"})
    with pytest.raises(DocumentError, match=exactly("active_sessions is not a whole number")):
        read_effective_status({**good, "active_sessions": 1.5})
    with pytest.raises(DocumentError, match=starting("reason is not one of")):
        read_effective_status({**good, "reason": "bored"})
    with pytest.raises(DocumentError, match=exactly("last_active_at is not a date and time")):
        read_effective_status({**good, "last_active_at": "yesterday"})


def test_a_heartbeat_answer_names_the_status_inside_it() -> None:
    status = effective_status_json(effective_status())
    answer = {"status": status, "heartbeat_interval": 30, "server_time": NOW.isoformat()}
    read = read_heartbeat_answer(answer)
    assert read.status == effective_status()
    assert read.heartbeat_interval == 30.0
    assert read.server_time == NOW
    with pytest.raises(DocumentError, match=starting("status.status is not one of")):
        read_heartbeat_answer({**answer, "status": {**status, "status": "asleep"}})
    with pytest.raises(DocumentError, match=exactly("heartbeat_interval is not a positive number")):
        read_heartbeat_answer({**answer, "heartbeat_interval": 0})
    with pytest.raises(DocumentError, match=exactly("heartbeat_interval is not a number")):
        read_heartbeat_answer({**answer, "heartbeat_interval": "30"})


def test_a_token_grant_names_the_user_inside_it() -> None:
    user = {"id": "u1", "email": "a@example.org", "display_name": "Ann", "role": "professional"}
    grant = {"access_token": "a", "refresh_token": "r", "expires_in": 900, "user": user}
    read = read_token_grant(grant)
    assert read.user.role is Role.PROFESSIONAL
    assert read.expires_in == 900
    with pytest.raises(DocumentError, match=starting("user.role is not one of")):
        read_token_grant({**grant, "user": {**user, "role": "owner"}})
    with pytest.raises(DocumentError, match=exactly("user.email is missing")):
        read_token_grant({**grant, "user": {k: v for k, v in user.items() if k != "email"}})


def test_a_list_of_sessions_is_read_item_by_item() -> None:
    session = {
        "id": "s1",
        "professional_id": "p1",
        "mode": "online",
        "started_at": NOW.isoformat(),
        "ended_at": None,
    }
    [read] = read_list([session], read_session)
    assert read.started_at == NOW
    assert read.ended_at is None
    with pytest.raises(DocumentError, match=exactly("the document is not a JSON list")):
        read_list(session, read_session)
    with pytest.raises(DocumentError, match=exactly("ended_at is not a date and time")):
        read_list([session, {**session, "ended_at": "later"}], read_session)


def test_an_effective_status_read_is_typed() -> None:
    read = read_effective_status(effective_status_json(effective_status(Status.AWAY, "idle")))
    assert isinstance(read, EffectiveStatus)
    assert read.status is Status.AWAY
    assert read.reason is Reason.IDLE
    assert read.computed_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
