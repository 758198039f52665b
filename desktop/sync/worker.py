"""The sync side's one threading model: a named worker thread that runs jobs in turn.

Every blocking call to the server runs in a `Worker`, never on the UI thread. A job is
a plain function; it hands its results back by emitting Qt signals, which reach the UI
thread queued (the rule of MusicBrainz Picard's `picard/util/thread.py`: a worker never
touches a widget). What differs between the sync concerns is only which jobs they give
and how they wait:

- a job given with a `key` replaces one with the same key that has not started yet
  (heartbeats: only the latest state matters; the outbox: one "send what is pending");
- `pause(seconds)` waits inside a job, and any new job or `wake()` cuts it short, as
  does `shut_down()` (backoff before a retry, which a new edit or the server's return
  should not sit out);
- `shut_down()` returns at once, so the UI thread may call it; `join()` waits, off it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

Job = Callable[[], None]


@dataclass
class _Queued:
    job: Job
    key: str | None


class Worker:
    """One daemon thread, started at once, running the jobs given to it one at a time."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._condition = threading.Condition()
        self._queue: list[_Queued] = []
        self._closing = False
        self._woken = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def closing(self) -> bool:
        """Whether `shut_down` was called: a long job should end soon."""
        with self._condition:
            return self._closing

    @property
    def ended(self) -> bool:
        """Whether the thread has ended."""
        return not self._thread.is_alive()

    def submit(self, job: Job, *, key: str | None = None) -> None:
        """Run `job` after those before it; with `key`, instead of a waiting job of that key.

        Also cuts a pause short, so that a job waiting to retry sees the news at once.
        """
        with self._condition:
            if self._closing:
                return
            if key is not None:
                self._queue = [queued for queued in self._queue if queued.key != key]
            self._queue.append(_Queued(job, key))
            self._woken = True
            self._condition.notify_all()

    def discard(self, key: str) -> None:
        """Forget the waiting job of `key`, if any (a job already running goes on)."""
        with self._condition:
            self._queue = [queued for queued in self._queue if queued.key != key]

    def wake(self) -> None:
        """Cut the current pause short."""
        with self._condition:
            self._woken = True
            self._condition.notify_all()

    def pause(self, seconds: float) -> None:
        """Wait `seconds` inside a job, or less if woken or shut down."""
        with self._condition:
            self._condition.wait_for(lambda: self._woken or self._closing, seconds)
            self._woken = False

    def shut_down(self) -> None:
        """Tell the thread to end after the job it runs; returns at once."""
        with self._condition:
            self._closing = True
            self._queue.clear()
            self._condition.notify_all()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread (never on the UI thread); whether it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._queue or self._closing)
                if self._closing:
                    return
                queued = self._queue.pop(0)
                self._woken = False
            try:
                queued.job()
            except Exception as error:
                # Told like any thread's failure (desktop.unhandled_errors); the worker and
                # the jobs after this one go on.
                threading.excepthook(
                    threading.ExceptHookArgs(
                        (type(error), error, error.__traceback__, threading.current_thread())
                    )
                )


def run_once(name: str, job: Job) -> Worker:
    """`job` on a worker of its own, which ends after it (for work that must not queue)."""
    worker = Worker(name)

    def then_end() -> None:
        try:
            job()
        finally:
            worker.shut_down()

    worker.submit(then_end)
    return worker
