"""Sign-in under concurrency: refresh reuse, the throttle, hashing memory, proxies."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from presence import Role
from server.domain.passwords import Passwords
from tests.support.api_harness import PASSWORD, Harness, assert_problem
from tests.support.concurrent_calls import all_at_once


def test_parallel_refreshes_with_one_token_give_one_grant_and_end_the_family(
    harness: Harness,
) -> None:
    for _ in range(5):
        person = harness.person(Role.PROFESSIONAL)
        token = person.tokens["refresh_token"]

        def refresh(client: httpx.Client, _number: int, token: str = token) -> httpx.Response:
            return client.post(
                "/v1/auth/token", json={"grant_type": "refresh_token", "refresh_token": token}
            )

        answers = all_at_once(8, refresh, harness.url)
        granted = [a for a in answers if a.status_code == 200]
        assert len(granted) <= 1, [a.status_code for a in answers]
        for answer in answers:
            if answer.status_code != 200:
                assert_problem(answer, 401)
        # Two uses of one token mean a copy exists: nothing of the family survives.
        for answer in granted:
            grant = answer.json()
            assert_problem(harness.client(grant["access_token"]).get("/v1/me/status"), 401)
            again = harness.anonymous.post(
                "/v1/auth/token",
                json={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
            )
            assert_problem(again, 401)
        assert_problem(person.http.get("/v1/me/status"), 401)


@pytest.fixture
def slow_hashing(database_url: str) -> Iterator[Harness]:
    """Hashes that take milliseconds, as real ones take hundreds: long enough for
    parallel attempts to overlap."""
    harness = Harness(database_url, argon2_time_cost=2, argon2_memory_cost=8192)
    yield harness
    harness.close()


def test_parallel_wrong_passwords_meet_the_limit(slow_hashing: Harness) -> None:
    harness = slow_hashing
    user = harness.add_user(Role.PROFESSIONAL)
    limit = harness.settings.login_max_failures

    def guess(client: httpx.Client, number: int) -> int:
        return client.post(
            "/v1/auth/token",
            json={"grant_type": "password", "email": user.email, "password": f"guess {number}"},
        ).status_code

    codes = all_at_once(30, guess, harness.url)
    assert codes.count(401) == limit, codes
    assert codes.count(429) == 30 - limit
    assert harness.sign_in(user.email).status_code == 429


def test_parallel_guesses_at_many_emails_meet_the_address_limit(slow_hashing: Harness) -> None:
    harness = slow_hashing
    limit = harness.settings.login_max_failures_per_address
    emails = [harness.add_user(Role.USER).email for _ in range(limit + 10)]

    def guess(client: httpx.Client, number: int) -> int:
        return client.post(
            "/v1/auth/token",
            json={"grant_type": "password", "email": emails[number], "password": "guess"},
        ).status_code

    codes = all_at_once(len(emails), guess, harness.url)
    assert codes.count(401) == limit, codes
    assert codes.count(429) == 10


def test_a_right_password_gives_the_address_its_attempt_back(harness: Harness) -> None:
    count = harness.settings.login_max_failures_per_address + 2
    users = [harness.add_user(Role.USER) for _ in range(count)]
    for user in users:
        assert harness.sign_in(user.email).status_code == 200


class CountingPasswords(Passwords):
    """The real argon2 hasher, noting how many hashes ran at the same time."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64)
        self._lock = threading.Lock()
        self.running = 0
        self.most = 0

    def verify(self, password_hash: str | None, password: str) -> bool:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            for _ in range(20):  # as long as a real-cost hash, so that calls overlap
                super().verify(password_hash, password)
            return super().verify(password_hash, password)
        finally:
            with self._lock:
                self.running -= 1


def test_parallel_sign_ins_hash_a_bounded_number_at_a_time(database_url: str) -> None:
    harness = Harness(database_url, argon2_parallel=2, login_max_failures=100)
    try:
        counting = CountingPasswords()
        harness.ctx.passwords = counting
        user = harness.add_user(Role.PROFESSIONAL)

        def sign_in(client: httpx.Client, _number: int) -> int:
            return client.post(
                "/v1/auth/token",
                json={"grant_type": "password", "email": user.email, "password": PASSWORD},
            ).status_code

        assert all_at_once(12, sign_in, harness.url) == [200] * 12
        assert counting.most == 2
    finally:
        harness.close()


def test_x_forwarded_for_is_not_believed_unless_the_proxy_is_trusted(database_url: str) -> None:
    def wrong_sign_ins(harness: Harness) -> list[int]:
        codes = []
        for number in range(harness.settings.login_max_failures_per_address + 1):
            user = harness.add_user(Role.USER)
            codes.append(
                harness.anonymous.post(
                    "/v1/auth/token",
                    json={"grant_type": "password", "email": user.email, "password": "wrong"},
                    headers={"X-Forwarded-For": f"203.0.113.{number}"},
                ).status_code
            )
        return codes

    untrusted = Harness(database_url)
    try:
        # Every attempt comes from 127.0.0.1, whatever the header claims.
        assert wrong_sign_ins(untrusted)[-1] == 429
    finally:
        untrusted.close()
    trusted = Harness(database_url, trusted_proxies="127.0.0.1")
    try:
        assert wrong_sign_ins(trusted)[-1] == 401
    finally:
        trusted.close()
