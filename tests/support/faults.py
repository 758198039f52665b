"""A transport in front of the real server that can be switched to shape one fault.

Only faults are shaped here (a 500, a garbled answer, a timeout, a refused connection);
while `fault` is None every request goes to the real server over real HTTP.
"""

from __future__ import annotations

import threading

import httpx

SERVER_ERROR = "server_error"  # a 500 with a problem document
GARBLED = "garbled"  # a 200 this app cannot read
TIMEOUT = "timeout"  # the request was sent, and no answer came in time
REFUSED = "refused"  # nothing listens
STALL = "stall"  # the request hangs until `release` (a server that stopped answering)


class FaultSwitch(httpx.BaseTransport):
    """The real server, or the fault named by `fault`."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()
        self.fault: str | None = None
        self.faulted = threading.Event()  # set once a request met the fault
        self.release = threading.Event()  # ends every stall

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.fault
        if fault is None:
            return self._real.handle_request(request)
        self.faulted.set()
        if fault == SERVER_ERROR:
            body = {"type": "about:blank", "title": "Internal Server Error", "status": 500}
            return httpx.Response(500, json={**body, "detail": "The database is down."})
        if fault == GARBLED:
            return httpx.Response(200, text="<html>Welcome to the captive portal</html>")
        if fault == TIMEOUT:
            raise httpx.ReadTimeout("no answer in time", request=request)
        if fault == STALL:
            self.release.wait()
            raise httpx.ReadTimeout("no answer in time", request=request)
        raise httpx.ConnectError("connection refused", request=request)

    def close(self) -> None:
        self.release.set()
        self._real.close()
