"""The sync side's worker: jobs in turn, the latest of a key, pauses cut short, a clean end."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator

import pytest

from desktop.sync.worker import Worker, run_once

WAIT = 5.0


@pytest.fixture
def worker() -> Iterator[Worker]:
    worker = Worker("test")
    yield worker
    worker.shut_down()
    assert worker.join(WAIT)


def blocker(worker: Worker) -> tuple[threading.Event, threading.Event]:
    """Occupy `worker` until the second event is set; the first says it has started."""
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(WAIT)

    worker.submit(hold)
    assert started.wait(WAIT)
    return started, release


def test_jobs_run_in_the_order_given(worker: Worker) -> None:
    done: list[int] = []
    finished = threading.Event()
    for number in range(5):
        worker.submit(functools.partial(done.append, number))
    worker.submit(finished.set)
    assert finished.wait(WAIT)
    assert done == [0, 1, 2, 3, 4]


def test_a_keyed_job_replaces_the_one_waiting_with_its_key(worker: Worker) -> None:
    _started, release = blocker(worker)
    done: list[str] = []
    finished = threading.Event()
    worker.submit(lambda: done.append("old"), key="beat")
    worker.submit(lambda: done.append("other"))
    worker.submit(lambda: done.append("new"), key="beat")
    worker.submit(finished.set)
    release.set()
    assert finished.wait(WAIT)
    assert done == ["other", "new"]


def test_discard_forgets_the_waiting_job(worker: Worker) -> None:
    _started, release = blocker(worker)
    done: list[str] = []
    finished = threading.Event()
    worker.submit(lambda: done.append("beat"), key="beat")
    worker.discard("beat")
    worker.submit(finished.set)
    release.set()
    assert finished.wait(WAIT)
    assert done == []


def test_a_new_job_cuts_a_pause_short(worker: Worker) -> None:
    paused, resumed = threading.Event(), threading.Event()

    def wait_long() -> None:
        paused.set()
        worker.pause(3600)
        resumed.set()

    worker.submit(wait_long)
    assert paused.wait(WAIT)
    worker.submit(lambda: None)
    assert resumed.wait(WAIT)


def test_shut_down_ends_a_pause_and_drops_what_waits(worker: Worker) -> None:
    paused = threading.Event()
    ran: list[str] = []

    def wait_long() -> None:
        paused.set()
        worker.pause(3600)

    worker.submit(wait_long)
    assert paused.wait(WAIT)
    worker.submit(lambda: ran.append("late"), key="late")
    worker.shut_down()
    assert worker.join(WAIT)
    assert worker.closing
    assert worker.ended
    assert ran == []
    worker.submit(lambda: ran.append("after"))
    assert ran == []


def test_a_failing_job_is_told_and_the_next_one_runs(
    worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: told.append(args.exc_value))
    finished = threading.Event()

    def fail() -> None:
        raise RuntimeError("broken")

    worker.submit(fail)
    worker.submit(finished.set)
    assert finished.wait(WAIT)
    assert [str(error) for error in told] == ["broken"]


def test_run_once_ends_its_worker_after_the_job() -> None:
    done = threading.Event()
    worker = run_once("once", done.set)
    assert done.wait(WAIT)
    assert worker.join(WAIT)
