"""Every route checks who is asking: each role boundary, both ways."""

from __future__ import annotations

import pytest

from presence import Role
from tests.support.api_harness import Harness, assert_problem

PRO, USER, SERVICE, ADMIN = Role.PROFESSIONAL, Role.USER, Role.SERVICE, Role.ADMIN
EVERYONE = (PRO, USER, SERVICE, ADMIN)

# (method, path, body, roles allowed). `{pro}` is a real professional's id.
ROUTES = [
    ("GET", "/v1/me/availability", None, (PRO, USER)),
    ("PATCH", "/v1/me/availability", {"preference": "busy"}, (PRO, USER)),
    ("GET", "/v1/me/sessions", None, (PRO,)),
    ("GET", "/v1/me/status", None, EVERYONE),
    (
        "POST",
        "/v1/me/heartbeat",
        {"device_id": "d", "platform": "linux", "app_state": "foreground", "idle_seconds": 0},
        EVERYONE,
    ),
    ("GET", "/v1/professionals/{pro}/status", None, EVERYONE),
    ("GET", "/v1/professionals/status?ids={pro}", None, EVERYONE),
    ("PUT", "/v1/professionals/{pro}/override", {"status": "busy"}, (ADMIN,)),
    ("DELETE", "/v1/professionals/{pro}/override", None, (ADMIN,)),
    ("POST", "/v1/sessions", {"professional_id": "{pro}", "mode": "online"}, (SERVICE,)),
]


def _fill(value: object, pro: str) -> object:
    if isinstance(value, str):
        return value.replace("{pro}", pro)
    if isinstance(value, dict):
        return {k: _fill(v, pro) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES, ids=lambda v: str(v))
def test_each_role_is_allowed_or_refused_with_403(
    harness: Harness, method: str, path: str, body: object, allowed: tuple[Role, ...]
) -> None:
    target = harness.person(PRO)
    for role in EVERYONE:
        caller = target if role is PRO else harness.person(role)
        response = caller.http.request(
            method, str(_fill(path, target.id)), json=_fill(body, target.id)
        )
        if role in allowed:
            assert response.status_code in (200, 201), (role, response.text)
        else:
            problem = assert_problem(response, 403)
            assert "you are signed in as" in problem["detail"]


def test_ending_a_session_is_for_the_service_account_only(harness: Harness) -> None:
    pro = harness.person(PRO)
    service = harness.person(SERVICE)
    session = service.http.post(
        "/v1/sessions", json={"professional_id": pro.id, "mode": "online"}
    ).json()
    for role in (PRO, USER, ADMIN):
        caller = pro if role is PRO else harness.person(role)
        assert_problem(caller.http.post(f"/v1/sessions/{session['id']}/end"), 403)
    assert service.http.post(f"/v1/sessions/{session['id']}/end").status_code == 200


def test_a_user_may_change_only_the_preference(harness: Harness) -> None:
    user = harness.person(USER)
    before = user.http.get("/v1/me/availability").json()
    response = user.http.patch("/v1/me/availability", json={"max_concurrent_sessions": 5})
    assert "max_concurrent_sessions" in assert_problem(response, 403)["detail"]
    assert_problem(user.http.patch("/v1/me/availability", json={"preference": "away"}), 422)
    assert user.http.get("/v1/me/availability").json() == before


def test_professional_routes_answer_404_for_people_who_are_not_professionals(
    harness: Harness,
) -> None:
    user = harness.person(USER)
    admin = harness.person(ADMIN)
    assert_problem(user.http.get(f"/v1/professionals/{admin.id}/status"), 404)
    assert_problem(
        admin.http.put(f"/v1/professionals/{user.id}/override", json={"status": "busy"}), 404
    )
    assert user.http.get(f"/v1/professionals/status?ids={admin.id}").json() == []
