"""GET/PATCH /v1/me/availability: validation, versions, the admin override."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from presence import Role
from tests.support.api_harness import START, Harness, Person, assert_problem

DEFAULTS = {
    "preference": "online",
    "preference_expires_at": None,
    "max_concurrent_sessions": 3,
    "online_availability": True,
    "in_person_availability": False,
    "quiet_hours": {
        "enabled": False,
        "timezone": "UTC",
        "start": "22:00",
        "end": "08:00",
        "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    },
    "status_note": None,
    "admin_override": None,
    "wrap_up_minutes": 0,
    "busy_in_calls": True,
    "busy_in_do_not_disturb": False,
    "wrap_up_until": None,
    "version": 1,
}


@pytest.fixture
def pro(harness: Harness) -> Person:
    return harness.person(Role.PROFESSIONAL)


def test_a_new_professional_has_the_platform_defaults(pro: Person) -> None:
    response = pro.http.get("/v1/me/availability")
    assert response.json() == DEFAULTS
    assert response.headers["ETag"] == '"1"'


def test_a_patch_changes_only_the_fields_given_and_bumps_the_version(pro: Person) -> None:
    response = pro.http.patch(
        "/v1/me/availability",
        json={"max_concurrent_sessions": 5, "quiet_hours": {"enabled": True, "days": ["mon"]}},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["max_concurrent_sessions"] == 5
    assert body["quiet_hours"] == {**DEFAULTS["quiet_hours"], "enabled": True, "days": ["mon"]}  # type: ignore[dict-item]
    assert body["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert pro.http.get("/v1/me/availability").json() == body


def test_a_patch_that_changes_nothing_keeps_the_version(pro: Person) -> None:
    assert pro.http.patch("/v1/me/availability", json={"preference": "online"}).json() == DEFAULTS


BAD_PATCHES: list[tuple[dict[str, Any], str]] = [
    ({"max_concurrent_sessions": 0}, "max_concurrent_sessions"),
    ({"max_concurrent_sessions": 51}, "max_concurrent_sessions"),
    ({"max_concurrent_sessions": "three"}, "max_concurrent_sessions"),
    ({"max_concurrent_sessions": None}, "max_concurrent_sessions"),
    ({"quiet_hours": {"enabled": None}}, "quiet_hours.enabled"),
    # JSON values of another type are not converted.
    ({"max_concurrent_sessions": "5"}, "max_concurrent_sessions"),
    ({"max_concurrent_sessions": True}, "max_concurrent_sessions"),
    ({"online_availability": "yes"}, "online_availability"),
    ({"in_person_availability": 0}, "in_person_availability"),
    ({"quiet_hours": {"timezone": "localtime"}}, "quiet_hours.timezone"),
    ({"quiet_hours": {"timezone": "Factory"}}, "quiet_hours.timezone"),
    ({"preference": "busy", "preference_expires_at": 1795000000}, "preference_expires_at"),
    ({"preference": "dnd"}, "preference"),
    ({"online_availability": "maybe"}, "online_availability"),
    ({"quiet_hours": {"start": "25:00"}}, "quiet_hours.start"),
    ({"quiet_hours": {"end": "8:00"}}, "quiet_hours.end"),
    ({"quiet_hours": {"start": "08:00"}}, "quiet_hours.end"),
    ({"quiet_hours": {"timezone": "Mars/Olympus_Mons"}}, "quiet_hours.timezone"),
    ({"quiet_hours": {"enabled": True, "days": []}}, "quiet_hours.days"),
    ({"quiet_hours": {"days": ["someday"]}}, "quiet_hours.days.0"),
    ({"quiet_hours": {"colour": "blue"}}, "quiet_hours.colour"),
    ({"colour": "blue"}, "colour"),
    (
        {"preference": "busy", "preference_expires_at": "2026-11-23T09:00:00Z"},
        "preference_expires_at",
    ),
    (
        {"preference": "busy", "preference_expires_at": "2026-11-23T12:00:00"},
        "preference_expires_at",
    ),
    ({"preference_expires_at": "2026-11-23T12:00:00Z"}, "preference_expires_at"),
]


@pytest.mark.parametrize(("patch", "field"), BAD_PATCHES, ids=[f for _, f in BAD_PATCHES])
def test_an_invalid_patch_is_422_naming_the_field_and_stores_nothing(
    pro: Person, patch: dict[str, Any], field: str
) -> None:
    # A valid change rides along, to show that a rejected write stores none of it.
    body = {"in_person_availability": True, **patch}
    assert_problem(pro.http.patch("/v1/me/availability", json=body), 422, field)
    assert pro.http.get("/v1/me/availability").json() == DEFAULTS


def test_a_body_that_is_not_json_is_400(pro: Person) -> None:
    response = pro.http.patch(
        "/v1/me/availability", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, "body")
    assert pro.http.get("/v1/me/availability").json() == DEFAULTS


def test_if_match_with_the_current_version_succeeds(pro: Person) -> None:
    response = pro.http.patch(
        "/v1/me/availability", json={"preference": "busy"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_a_stale_if_match_is_412_with_the_current_document(pro: Person) -> None:
    pro.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 4})
    response = pro.http.patch(
        "/v1/me/availability", json={"preference": "busy"}, headers={"If-Match": '"1"'}
    )
    problem = assert_problem(response, 412)
    assert problem["current"]["max_concurrent_sessions"] == 4
    assert problem["current"]["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert pro.http.get("/v1/me/availability").json()["preference"] == "online"


def test_a_preference_expires_and_reads_as_online(harness: Harness, pro: Person) -> None:
    until = (START + timedelta(hours=1)).isoformat()
    body = pro.http.patch(
        "/v1/me/availability", json={"preference": "busy", "preference_expires_at": until}
    ).json()
    assert body["preference"] == "busy"
    harness.clock.advance(timedelta(hours=1))
    pro = harness.signed_in_again(pro)
    after = pro.http.get("/v1/me/availability").json()
    assert after["preference"] == "online"
    assert after["preference_expires_at"] is None


def test_an_admin_override_blocks_preference_edits_until_it_ends(
    harness: Harness, pro: Person
) -> None:
    admin = harness.person(Role.ADMIN, name="Alex Admin")
    until = (START + timedelta(hours=2)).isoformat().replace("+00:00", "Z")
    response = admin.http.put(
        f"/v1/professionals/{pro.id}/override",
        json={"status": "offline", "until": until, "note": "account review"},
    )
    assert response.status_code == 200
    override = pro.http.get("/v1/me/availability").json()["admin_override"]
    assert override == {
        "status": "offline",
        "until": until,
        "note": "account review",
        "set_by": {"id": admin.id, "display_name": "Alex Admin"},
    }
    assert pro.http.get("/v1/me/status").json()["reason"] == "admin_override"

    refused = pro.http.patch("/v1/me/availability", json={"preference": "busy"})
    detail = assert_problem(refused, 409)["detail"]
    assert "Alex Admin set your status to offline until 12:00 UTC on 23 November 2026" in detail
    # Nor may the choice's end move: that too is the status choice, and nothing is stored.
    version = pro.http.get("/v1/me/availability").json()["version"]
    later = (START + timedelta(hours=5)).isoformat().replace("+00:00", "Z")
    moved = pro.http.patch("/v1/me/availability", json={"preference_expires_at": later})
    assert_problem(moved, 409)
    unchanged = pro.http.get("/v1/me/availability").json()
    assert (unchanged["version"], unchanged["preference_expires_at"]) == (version, None)
    # Other fields stay editable.
    assert (
        pro.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 2}).status_code
        == 200
    )

    harness.clock.advance(timedelta(hours=2))
    pro = harness.signed_in_again(pro)
    assert pro.http.get("/v1/me/availability").json()["admin_override"] is None
    assert pro.http.patch("/v1/me/availability", json={"preference": "busy"}).status_code == 200


def test_an_admin_clears_an_override(harness: Harness, pro: Person) -> None:
    admin = harness.person(Role.ADMIN)
    admin.http.put(f"/v1/professionals/{pro.id}/override", json={"status": "busy"})
    assert pro.http.get("/v1/me/status").json()["status"] == "busy"
    cleared = admin.http.delete(f"/v1/professionals/{pro.id}/override")
    assert cleared.status_code == 200
    assert cleared.json()["admin_override"] is None
    assert pro.http.patch("/v1/me/availability", json={"preference": "away"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "asleep"}, "status"),
        ({"status": "busy", "until": "2026-11-23T09:00:00Z"}, "until"),
        ({"status": "busy", "note": "x" * 501}, "note"),
        ({"status": "busy", "by": "me"}, "by"),
    ],
)
def test_an_invalid_override_is_422_and_stores_nothing(
    harness: Harness, pro: Person, body: dict[str, Any], field: str
) -> None:
    admin = harness.person(Role.ADMIN)
    response = admin.http.put(f"/v1/professionals/{pro.id}/override", json=body)
    assert_problem(response, 422, field)
    assert pro.http.get("/v1/me/availability").json() == DEFAULTS
