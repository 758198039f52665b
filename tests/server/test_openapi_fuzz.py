"""Schemathesis fuzzes every operation of the live server against its OpenAPI document.

Each operation is one test, against one server per backend (SQLite and PostgreSQL),
called with the bearer token of a real signed-in person whose role may call it, so that
the fuzzer gets past the 401 and 403 into the operation itself; schemathesis' negative cases leave
the token out, which checks the 401s. Ids and credentials in generated requests are
often swapped for real ones (in positive cases only), so that it gets past the 404s and
401s too.

Checks: all of schemathesis' (`-c all`) but the response time: no 5xx; every status
code, media type, header and body is the documented one; schema-valid requests are
accepted and schema-violating ones refused; no auth is ignored. All three phases run:
the schema's examples, the coverage phase (boundary values and invalid input, a few
dozen cases per operation) and 30 random examples per operation.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
import schemathesis
from hypothesis import assume, settings
from schemathesis.config import SchemathesisConfig

from presence import Role
from scripts.api_docs import CALLERS
from server.api.openapi import openapi_document
from tests.support.api_harness import PASSWORD, Harness, assert_problem
from tests.support.databases import new_postgres_database

T = TypeVar("T")

# The schema has to exist when pytest collects, before any server runs, so it is built
# from the application itself; the `cast` fixture then checks that the server under test
# serves exactly this document at /openapi.json. (schemathesis' fixture-based loader,
# `schemathesis.pytest.from_fixture`, fails on pytest 9.2: it sets `Item._nodeid`.)
DOCUMENT = openapi_document()
# The event streams never end, so no request to them could be checked.
# Rules a JSON schema cannot state: a time that must lie in the future, a time zone that
# must exist, quiet hours that need a day to apply to; and a JSON schema's integer takes
# 11.0, which the API refuses as no whole number ("5" and 5.0 are not 5). A request that
# only breaks one of those is schema-valid, and its 422 is the documented answer.
SEMANTIC_422 = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "412", "422", "429"]
        }
    }
}
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {"include-path": "/v1/me/availability", "include-method": "PATCH", **SEMANTIC_422},
            {"include-path": "/v1/me/wrap-up/extend", "include-method": "POST", **SEMANTIC_422},
            {
                "include-path": "/v1/professionals/{professional_id}/override",
                "include-method": "PUT",
                **SEMANTIC_422,
            },
        ]
    }
)
schema = (
    schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
    .exclude(method="GET", path="/v1/me/events")
    .exclude(method="GET", path="/v1/professionals/events")
)

# Every check schemathesis has (`-c all`), but the response time, which this suite
# does not assert.
schemathesis.checks.load_all_checks()
CHECKS = [
    check
    for check in schemathesis.checks.CHECKS.get_all()
    if check is not schemathesis.checks.max_response_time
]


@dataclass
class Cast:
    """People signed in to the server under test, and things of theirs to aim at."""

    harness: Harness
    tokens: dict[Role, str]
    emails: dict[Role, str]
    professional_ids: list[str]
    session_id: str
    refresh_token: str

    def token_for(self, role: Role, *, fresh: bool) -> str:
        """The role's token; a `fresh` one is a new sign-in, for calls that end it."""
        if not fresh:
            return self.tokens[role]
        response = self.harness.sign_in(self.emails[role])
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    """One server per backend for every operation: each starts from the state the
    previous ones left, which the documented answers must cover anyway. Failed sign-ins
    are not throttled, so that the token operation's guesses leave the others' sign-ins
    alone."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'availability.sqlite3'}"
    else:
        url = new_postgres_database(request.getfixturevalue("postgres"))
    harness = Harness(url, login_max_failures=100_000, login_max_failures_per_address=100_000)
    yield harness
    harness.close()


@pytest.fixture(scope="module")
def cast(fuzzed: Harness) -> Cast:
    harness = fuzzed
    live = harness.anonymous.get("/openapi.json")
    assert live.status_code == 200
    assert live.json() == DOCUMENT, "the server serves another document than the one fuzzed"

    people = {role: harness.person(role) for role in Role}
    colleague = harness.person(Role.PROFESSIONAL)
    started = people[Role.SERVICE].http.post(
        "/v1/sessions", json={"professional_id": colleague.id, "mode": "online"}
    )
    assert started.status_code == 201, started.text
    return Cast(
        harness=harness,
        tokens={role: person.tokens["access_token"] for role, person in people.items()},
        emails={role: person.user.email for role, person in people.items()},
        professional_ids=[people[Role.PROFESSIONAL].id, colleague.id],
        session_id=started.json()["id"],
        refresh_token=colleague.tokens["refresh_token"],
    )


def pick(options: Sequence[T], basis: object) -> T:
    """One of `options`, chosen by generated data, so that Hypothesis can replay and shrink.

    (Drawing with `st.data()` would need `@schema.given`, which turns off schemathesis'
    examples and coverage phases.)
    """
    return options[zlib.crc32(repr(basis).encode()) % len(options)]


def aim_at_real_things(case: Any, cast: Cast) -> None:
    """Often replace generated ids and credentials with ones the server knows."""
    if isinstance(case.body, dict):
        known = {
            "professional_id": cast.professional_ids,
            "email": list(cast.emails.values()),
            "password": [PASSWORD],
            "refresh_token": [cast.refresh_token],
        }
        for name, real in known.items():
            if name in case.body:
                generated = case.body[name]
                case.body[name] = pick([generated, pick(real, (name, generated))], generated)
    path = case.path_parameters or {}
    for name, real in (
        ("professional_id", cast.professional_ids),
        ("session_id", [cast.session_id]),
    ):
        if name in path:
            generated = path[name]
            path[name] = pick([generated, pick(real, (name, generated))], generated)
    headers = case.headers or {}
    if isinstance(headers.get("if-match"), str):
        generated = headers["if-match"]
        # A stale version is a 412 before anything else is looked at: often match any.
        headers["if-match"] = pick([generated, "*"], generated)
    if case.query and isinstance(case.query.get("ids"), str):
        generated, real_ids = case.query["ids"], ",".join(cast.professional_ids)
        case.query["ids"] = pick([generated, real_ids, f"{real_ids},{generated}"], generated)


@schema.parametrize()
@settings(max_examples=30, deadline=None)
def test_every_operation_answers_as_documented(case: Any, cast: Cast) -> None:
    roles = CALLERS[(case.operation.method.upper(), case.operation.path)]
    headers: dict[str, str] = {}
    if roles is not None:
        role = pick(roles, (case.path_parameters, case.query, case.body, case.headers))
        fresh = case.operation.path == "/v1/auth/logout"
        headers["Authorization"] = f"Bearer {cast.token_for(role, fresh=fresh)}"
    if case.meta is None or case.meta.generation.mode.is_positive:
        # A negative case stays as generated: made valid, it would look wrongly accepted.
        aim_at_real_things(case, cast)
    elif case.query and any(value in ([], {}) for value in case.query.values()):
        # httpx sends nothing for a query parameter whose value is an empty list or
        # object, so an unknown parameter drawn that way never reaches the server, and
        # what it gets may be valid: nothing is left on the wire to refuse.
        assume(False)
    case.call_and_validate(base_url=cast.harness.url, headers=headers, checks=CHECKS)


# --- Bugs found while fuzzing, pinned so that they stay fixed -------------------------

# Found by the fuzzer: PostgreSQL cannot store NUL characters, so these were a 500 there
# (SQLite stored them).
NUL_REQUESTS = [
    (Role.PROFESSIONAL, "POST", "/v1/me/heartbeat", "device_id"),
    (Role.PROFESSIONAL, "POST", "/v1/auth/logout", "device_id"),
    (None, "POST", "/v1/auth/token", "email"),
    (Role.ADMIN, "PUT", "/v1/professionals/{professional_id}/override", "note"),
    (Role.SERVICE, "POST", "/v1/sessions", "professional_id"),
    (Role.USER, "GET", "/v1/professionals/a\x00b/status", "professional_id"),
    (Role.USER, "GET", "/v1/professionals/status?ids=a\x00b", "ids"),
    (Role.ADMIN, "DELETE", "/v1/professionals/a\x00b/override", "professional_id"),
    (Role.SERVICE, "POST", "/v1/sessions/a\x00b/end", "session_id"),
]
NUL_BODIES: dict[str, dict[str, Any]] = {
    "/v1/me/heartbeat": {"device_id": "a\x00b", "platform": "linux", "app_state": "foreground"},
    "/v1/auth/logout": {"device_id": "a\x00b"},
    "/v1/auth/token": {"grant_type": "password", "email": "a\x00b@example.com", "password": "x"},
    "/v1/professionals/{professional_id}/override": {"status": "busy", "note": "a\x00b"},
    "/v1/sessions": {"professional_id": "a\x00b", "mode": "online"},
}


def test_text_with_a_nul_character_is_refused_naming_the_field(harness: Harness) -> None:
    people = {role: harness.person(role) for role in Role}
    for role, method, path, field in NUL_REQUESTS:
        client = people[role].http if role is not None else harness.anonymous
        url = path.replace("{professional_id}", people[Role.PROFESSIONAL].id)
        response = client.request(method, url.replace("\x00", "%00"), json=NUL_BODIES.get(path))
        assert_problem(response, 422, field)


@pytest.mark.parametrize("time", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_a_time_that_utc_cannot_hold_is_refused(harness: Harness, time: str) -> None:
    # Found by probing the edges the fuzzer rarely reaches: storing it as UTC overflowed (500).
    professional, admin = harness.person(Role.PROFESSIONAL), harness.person(Role.ADMIN)
    patched = professional.http.patch(
        "/v1/me/availability", json={"preference": "busy", "preference_expires_at": time}
    )
    assert_problem(patched, 422, "preference_expires_at")
    overridden = admin.http.put(
        f"/v1/professionals/{professional.id}/override", json={"status": "busy", "until": time}
    )
    assert_problem(overridden, 422, "until")


def test_times_sent_with_an_offset_are_answered_in_utc(harness: Harness) -> None:
    # The PATCH answer used to echo the offset as sent: the API's times are UTC.
    professional, admin = harness.person(Role.PROFESSIONAL), harness.person(Role.ADMIN)
    patched = professional.http.patch(
        "/v1/me/availability",
        json={"preference": "busy", "preference_expires_at": "2026-11-23T14:00:00+02:00"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["preference_expires_at"] == "2026-11-23T12:00:00Z"
    overridden = admin.http.put(
        f"/v1/professionals/{professional.id}/override",
        json={"status": "busy", "until": "2026-11-23T06:00:00-06:00"},
    )
    assert overridden.status_code == 200, overridden.text
    assert overridden.json()["admin_override"]["until"] == "2026-11-23T12:00:00Z"


def test_an_unknown_query_parameter_is_refused_naming_it(harness: Harness) -> None:
    # Found by schemathesis' negative_data_rejection: unknown parameters were ignored.
    user = harness.person(Role.USER)
    answer = user.http.get("/v1/professionals/status", params={"ids": "a", "colour": "blue"})
    assert_problem(answer, 422, "colour")
    assert_problem(user.http.get("/v1/me/status", params={"verbose": "1"}), 422, "verbose")
    # The heartbeat's plain route checks it too, and stores nothing then.
    pro = harness.person(Role.PROFESSIONAL)
    beat = {"device_id": "laptop", "platform": "linux", "app_state": "foreground"}
    answer = pro.http.post("/v1/me/heartbeat", params={"colour": "blue"}, json=beat)
    assert_problem(answer, 422, "colour")
    assert pro.http.get("/v1/me/status").json()["status"] == "offline"
