"""Reads a server-sent event stream in a thread, so tests can wait for each event."""

from __future__ import annotations

import contextlib
import json
import queue
import socket
import threading
from dataclasses import dataclass
from typing import Any

import httpx

WAIT = 10.0


@dataclass(frozen=True)
class Event:
    kind: str
    id: str
    data: dict[str, Any]


class EventReader:
    """Collects events, and comment lines such as pings, from GET /v1/me/events (or
    another stream: `path`, with its query)."""

    def __init__(
        self,
        url: str,
        token: str,
        last_event_id: str | None = None,
        path: str = "/v1/me/events",
    ) -> None:
        self._path = path
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self._client = httpx.Client(base_url=url, headers=headers, timeout=httpx.Timeout(30.0))
        self.events: queue.Queue[Event | None] = queue.Queue()
        self.comments: queue.Queue[str] = queue.Queue()
        self.status_code: int | None = None
        # Set when the stream broke off rather than ending cleanly.
        self.failure: httpx.HTTPError | None = None
        self._socket: socket.socket | None = None
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        if not self._opened.wait(WAIT):
            raise TimeoutError("the event stream did not open")

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            with self._client.stream("GET", self._path) as response:
                self.status_code = response.status_code
                self._socket = response.extensions["network_stream"].get_extra_info("socket")
                self._opened.set()
                for line in response.iter_lines():
                    if line.startswith(":"):
                        self.comments.put(line)
                    elif line:
                        name, _, value = line.partition(":")
                        fields[name] = value.removeprefix(" ")
                    elif "event" in fields:
                        self.events.put(
                            Event(fields["event"], fields.get("id", ""), json.loads(fields["data"]))
                        )
                        fields = {}
        except httpx.HTTPError as error:
            self.failure = error
        finally:
            self._opened.set()
            self.events.put(None)  # the stream ended

    def next(self, kind: str | None = None) -> Event:
        """The next event (of `kind`, skipping others); fails if none comes in time."""
        while True:
            event = self.events.get(timeout=WAIT)
            if event is None:
                raise AssertionError("the event stream ended")
            if kind is None or event.kind == kind:
                return event

    def ended(self) -> bool:
        """Waits for the stream to end; True if it did."""
        while True:
            event = self.events.get(timeout=WAIT)
            if event is None:
                return True

    def close(self) -> None:
        # Closing the client does not wake a thread blocked reading; shutting the socket does.
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=WAIT)
        self._client.close()
