"""Sign-in, refresh rotation and reuse, sign-out, throttling."""

from __future__ import annotations

from datetime import timedelta

import pytest

from presence import Role
from tests.support.api_harness import PASSWORD, Harness, assert_problem, heartbeat, refresh


def test_password_grant_returns_tokens_and_the_user(harness: Harness) -> None:
    user = harness.add_user(Role.PROFESSIONAL, email="Pat@Example.com", name="Pat")
    response = harness.sign_in("pat@example.com")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == harness.settings.access_token_ttl
    assert body["user"] == {
        "id": user.id,
        "email": "pat@example.com",
        "display_name": "Pat",
        "role": "professional",
    }
    status = harness.client(body["access_token"]).get("/v1/me/status")
    assert status.status_code == 200


@pytest.mark.parametrize("email", ["professional-x@example.com", "nobody@example.com"])
def test_a_wrong_password_or_unknown_email_is_401(harness: Harness, email: str) -> None:
    harness.add_user(Role.PROFESSIONAL, email="professional-x@example.com")
    problem = assert_problem(harness.sign_in(email, "wrong password"), 401)
    assert "email or password is wrong" in problem["detail"]


def test_too_many_failures_is_429_with_retry_after_until_the_window_ends(
    harness: Harness,
) -> None:
    user = harness.add_user(Role.PROFESSIONAL)
    for _ in range(harness.settings.login_max_failures):
        assert_problem(harness.sign_in(user.email, "wrong"), 401)
    refused = harness.sign_in(user.email)  # even the right password waits
    assert_problem(refused, 429)
    assert int(refused.headers["Retry-After"]) == 300
    harness.clock.advance(timedelta(seconds=200))
    assert int(harness.sign_in(user.email).headers["Retry-After"]) == 100
    harness.clock.advance(timedelta(seconds=100))
    assert harness.sign_in(user.email).status_code == 200


def test_refresh_rotates_and_the_old_token_stops_working(harness: Harness) -> None:
    person = harness.person(Role.PROFESSIONAL)
    first = person.tokens["refresh_token"]
    rotated = refresh(harness, first)
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    assert second != first
    assert harness.client(rotated.json()["access_token"]).get("/v1/me/status").status_code == 200


def test_reusing_a_rotated_token_revokes_the_whole_family(harness: Harness) -> None:
    person = harness.person(Role.PROFESSIONAL)
    first = person.tokens["refresh_token"]
    second = refresh(harness, first).json()
    reused = refresh(harness, first)
    problem = assert_problem(reused, 401)
    assert "used from two places" in problem["detail"]
    # The legitimate holder is signed out too: refresh and access both fail.
    assert_problem(refresh(harness, second["refresh_token"]), 401)
    assert_problem(harness.client(second["access_token"]).get("/v1/me/status"), 401)
    assert_problem(person.http.get("/v1/me/status"), 401)


def test_an_unknown_or_expired_refresh_token_is_401(harness: Harness) -> None:
    person = harness.person(Role.USER)
    assert_problem(refresh(harness, "not-a-token"), 401)
    harness.clock.advance(timedelta(seconds=harness.settings.refresh_token_ttl))
    problem = assert_problem(refresh(harness, person.tokens["refresh_token"]), 401)
    assert "expired" in problem["detail"]


def test_logout_revokes_the_family_and_marks_the_device_offline(harness: Harness) -> None:
    person = harness.person(Role.PROFESSIONAL)
    assert heartbeat(person)["status"]["status"] == "online"
    response = person.http.post("/v1/auth/logout", json={"device_id": "laptop"})
    assert response.status_code == 204
    assert_problem(person.http.get("/v1/me/status"), 401)
    assert_problem(refresh(harness, person.tokens["refresh_token"]), 401)
    again = harness.person(Role.SERVICE)
    seen = again.http.get(f"/v1/professionals/{person.id}/status").json()
    assert seen["status"] == "offline"


def test_an_expired_access_token_is_401_and_refresh_recovers(harness: Harness) -> None:
    person = harness.person(Role.PROFESSIONAL)
    harness.clock.advance(timedelta(seconds=harness.settings.access_token_ttl))
    problem = assert_problem(person.http.get("/v1/me/status"), 401)
    assert "expired" in problem["detail"]
    fresh = refresh(harness, person.tokens["refresh_token"]).json()
    assert harness.client(fresh["access_token"]).get("/v1/me/status").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic dXNlcjpwdw=="}],
    ids=["missing", "garbage", "wrong-scheme"],
)
def test_requests_without_a_valid_token_are_401(harness: Harness, headers: dict[str, str]) -> None:
    response = harness.anonymous.get("/v1/me/status", headers=headers)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"grant_type": "password", "email": "a@example.com"}, "body"),
        ({"grant_type": "magic", "email": "a@example.com", "password": "x"}, "grant_type"),
        ({"grant_type": "refresh_token", "refresh_token": "x", "extra": 1}, "extra"),
        ({"grant_type": "refresh_token"}, "body"),
        ({"grant_type": "refresh_token", "refresh_token": None}, "refresh_token"),
        ({"grant_type": "refresh_token", "refresh_token": "x", "email": "a@b.org"}, "body"),
    ],
)
def test_bad_token_requests_are_422_naming_the_field(
    harness: Harness, body: dict[str, object], field: str
) -> None:
    assert_problem(harness.anonymous.post("/v1/auth/token", json=body), 422, field)


def test_a_successful_sign_in_rehashes_nothing_and_keeps_the_password(harness: Harness) -> None:
    user = harness.add_user(Role.ADMIN)
    assert harness.sign_in(user.email, PASSWORD).status_code == 200
    assert harness.sign_in(user.email, PASSWORD).status_code == 200
