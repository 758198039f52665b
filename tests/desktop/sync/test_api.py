"""StatusApi against the real server, and its handling of faults shaped by MockTransport."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from desktop.sync.api import StatusApi
from desktop.sync.connection import SyncProblem
from desktop.sync.errors import (
    ApiError,
    FieldError,
    ServerUnreachable,
)
from desktop.wording import sync_messages
from presence import AppState, Role, Status
from server.store.users import User
from tests.support.api_harness import PASSWORD, Harness


def no_sleep(_seconds: float) -> None:
    """Retries in these tests go again at once."""


@pytest.fixture
def api(server: Harness) -> Iterator[StatusApi]:
    client = StatusApi(server.url, sleep=no_sleep)
    yield client
    client.close()


def test_every_endpoint_over_real_http(api: StatusApi, server: Harness, professional: User) -> None:
    grant = api.sign_in(professional.email, PASSWORD)
    token = grant.access_token
    assert grant.user.role is Role.PROFESSIONAL
    assert grant.user.email == professional.email

    document, etag = api.availability(token)
    assert etag == f'"{document.version}"'
    edited, new_etag = api.edit_availability(token, {"max_concurrent_sessions": 4}, etag)
    assert edited.max_concurrent_sessions == 4
    assert new_etag != etag
    with pytest.raises(ApiError) as stale:
        api.edit_availability(token, {"max_concurrent_sessions": 2}, etag)
    assert stale.value.status == 412
    assert stale.value.body is not None
    current = stale.value.body["current"]
    assert isinstance(current, dict)
    assert current["max_concurrent_sessions"] == 4

    answer = api.heartbeat(
        token, device_id="d1", platform="linux", app_state=AppState.FOREGROUND, idle_seconds=0
    )
    assert answer.status.status is Status.ONLINE
    assert answer.heartbeat_interval == 30
    assert api.status(token).status is Status.ONLINE

    service = api.sign_in(server.add_user(Role.SERVICE).email, PASSWORD)
    session = api.start_session(service.access_token, professional.id, "online")
    assert session.professional_id == professional.id
    assert [s.id for s in api.sessions(token)] == [session.id]
    assert api.end_session(service.access_token, session.id).ended_at is not None

    admin = api.sign_in(server.add_user(Role.ADMIN).email, PASSWORD).access_token
    overridden = api.set_override(admin, professional.id, Status.BUSY, note="training")
    assert overridden.admin_override is not None
    assert overridden.admin_override.status is Status.BUSY
    assert overridden.admin_override.note == "training"
    assert api.professional_status(token, professional.id).status is Status.BUSY
    assert api.clear_override(admin, professional.id).admin_override is None
    assert [p.id for p in api.professionals_status(token, [professional.id])] == [professional.id]
    assert api.healthy()

    refreshed = api.refresh(grant.refresh_token)
    assert refreshed.refresh_token != grant.refresh_token
    api.logout(refreshed.access_token, "d1")
    with pytest.raises(ApiError) as revoked:
        api.status(refreshed.access_token)
    assert revoked.value.status == 401


def test_a_validation_problem_names_the_field(api: StatusApi, professional: User) -> None:
    token = api.sign_in(professional.email, PASSWORD).access_token
    with pytest.raises(ApiError) as invalid:
        api.edit_availability(token, {"max_concurrent_sessions": 99})
    assert invalid.value.status == 422
    assert isinstance(invalid.value.errors[0], FieldError)
    assert invalid.value.errors[0].field == "max_concurrent_sessions"
    assert "max_concurrent_sessions" in invalid.value.detail


def test_wrong_password_carries_the_servers_sentence(api: StatusApi, professional: User) -> None:
    with pytest.raises(ApiError) as refused:
        api.sign_in(professional.email, "wrong")
    assert refused.value.status == 401
    assert refused.value.detail == "The email or password is wrong. Check both and try again."


def faulty(handler: Callable[[httpx.Request], httpx.Response]) -> StatusApi:
    return StatusApi(
        "http://status.test", httpx.Client(transport=httpx.MockTransport(handler)), sleep=no_sleep
    )


def test_a_problem_becomes_an_error_with_its_detail() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        body = {"type": "about:blank", "title": "Oops", "status": 500, "detail": "It broke."}
        return httpx.Response(500, json=body, headers={"content-type": "application/problem+json"})

    with pytest.raises(ApiError) as error:
        faulty(handler).status("token")
    assert (error.value.status, error.value.title, error.value.detail) == (500, "Oops", "It broke.")
    assert error.value.transient


def test_a_plain_500_is_described_in_words() -> None:
    with pytest.raises(ApiError) as error:
        faulty(lambda _r: httpx.Response(500, text="<html>boom</html>")).status("token")
    assert error.value.status == 500
    assert "The server had a problem" in error.value.detail


def test_only_an_edit_says_its_changes_are_kept_after_a_500() -> None:
    """A failed sign-in carries no changes: promising to send them again would mislead."""
    broken = faulty(lambda _r: httpx.Response(500, text="<html>boom</html>"))
    with pytest.raises(ApiError) as sign_in:
        broken.sign_in("me@example.org", "secret")
    assert sign_in.value.detail == (
        "The server had a problem (500 Internal Server Error). Try again in a moment."
    )
    with pytest.raises(ApiError) as edit:
        broken.edit_availability("token", {"max_concurrent_sessions": 4}, '"1"')
    assert edit.value.detail.endswith("Your changes are kept and will be sent again.")


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"status": "online"}'])
def test_an_answer_it_cannot_read(text: str) -> None:
    with pytest.raises(ApiError) as error:
        faulty(lambda _r: httpx.Response(200, text=text)).status("token")
    assert error.value.detail == sync_messages.unreadable_answer()
    assert error.value.garbled


def test_a_gateway_error_is_retried_for_a_read() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) < 3:
            return httpx.Response(503, text="try later")
        return httpx.Response(200, json={"status": "ok"})

    assert faulty(handler).healthy()
    assert len(calls) == 3


def test_a_refresh_is_never_resent_once_it_may_have_arrived() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(ServerUnreachable) as error:
        faulty(handler).refresh("a-refresh-token")
    assert len(calls) == 1  # resending a rotated token would revoke the whole sign-in
    assert "did not answer in time" in error.value.detail


def test_a_refused_connection_is_retried_then_reported() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ServerUnreachable) as error:
        faulty(handler).refresh("a-refresh-token")
    assert len(calls) == 3
    assert error.value.transient
    assert "Cannot reach the server" in error.value.detail


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (httpx.ConnectError("refused"), SyncProblem.UNREACHABLE),
        (httpx.ConnectTimeout("no route"), SyncProblem.UNREACHABLE),
        (httpx.ReadTimeout("stalled"), SyncProblem.SLOW),
        (httpx.WriteTimeout("stalled"), SyncProblem.SLOW),
        (httpx.RemoteProtocolError("cut"), SyncProblem.UNREACHABLE),
        (httpx.Response(500, text="<html>boom</html>"), SyncProblem.SERVER_ERROR),
        (httpx.Response(503, text="maintenance"), SyncProblem.SERVER_ERROR),
        (httpx.Response(200, text="{not json"), SyncProblem.SERVER_ERROR),
        (httpx.Response(200, text="<html>captive portal</html>"), SyncProblem.SERVER_ERROR),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_each_failure_says_what_is_wrong_with_the_server(
    fault: httpx.Response | Exception, problem: SyncProblem
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(fault, Exception):
            raise type(fault)(str(fault), request=request)  # type: ignore[call-arg]
        return fault

    with pytest.raises(ApiError) as error:
        faulty(handler).status("token")
    assert error.value.problem is problem


def test_a_request_the_server_does_not_answer_in_time_is_reported_after_one_timeout() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        raise httpx.ReadTimeout("stalled", request=request)

    with pytest.raises(ServerUnreachable) as error:
        faulty(handler).status("token")
    # Three attempts of 10 s each took about 33 s to say anything; the caller's own
    # schedule tries again anyway.
    assert len(calls) == 1
    assert error.value.problem is SyncProblem.SLOW
    assert "did not answer in time" in error.value.detail


def test_an_error_that_is_the_callers_says_nothing_about_the_server() -> None:
    with pytest.raises(ApiError) as error:
        faulty(lambda _r: httpx.Response(404, json={"detail": "No such thing."})).status("token")
    assert error.value.problem is None
