"""Run the API with uvicorn in a background thread on a loopback socket.

Used by the desktop's embedded mode, the tests and the benchmarks.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from typing import Any

import uvicorn
from fastapi import FastAPI

from server.settings import Settings
from server.store.change_hub import EventHub

# Loop turns given at shutdown to connections accepted while the server was closing.
LEFTOVER_TURNS = 3


class StreamClosingServer(uvicorn.Server):
    """A uvicorn server that ends the open event streams when it shuts down.

    uvicorn waits for every response to finish before it stops, and an event stream
    never finishes by itself: without this, stopping would hang until
    `timeout_graceful_shutdown`.
    """

    def __init__(self, config: uvicorn.Config, hub: EventHub) -> None:
        super().__init__(config)
        self._hub = hub

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._hub.close_streams()
        await super().shutdown(sockets)
        # uvicorn asks the connections it knows of to close once, at the start. One that
        # was accepted just then, or whose request was cancelled at the graceful timeout,
        # stays open and is left to the garbage collector after the loop has ended
        # ("ResourceWarning: unclosed transport"): close what is left.
        # A connection accepted just before the listening socket closed gets its transport
        # a loop turn or two later; asyncio.run would then cancel that step before it ran
        # and leave the socket unclosed. Give those turns, and close what they opened.
        for _ in range(LEFTOVER_TURNS):
            for transport in self._open_transports():
                transport.close()
            await asyncio.sleep(0)  # let the transports finish closing

    def _open_transports(self) -> list[asyncio.BaseTransport]:
        """The connections' transports not closed yet: those uvicorn knows of, and those
        the event loop holds whose protocol has not been told of its connection yet (one
        accepted in the instant the server closed). The loop's own table is private to
        asyncio's selector loops; where it is missing, uvicorn's list is all there is."""
        found = [
            transport
            for connection in list(self.server_state.connections)
            if (transport := getattr(connection, "transport", None)) is not None
        ]
        held = getattr(asyncio.get_running_loop(), "_transports", None)
        if held is not None:
            found += list(held.values())
        return [transport for transport in found if not transport.is_closing()]


def hub_of(app: FastAPI) -> EventHub:
    hub: EventHub = app.state.context.hub
    return hub


def proxy_options(app: FastAPI) -> dict[str, Any]:
    """uvicorn believes X-Forwarded-For from loopback by default: a local caller could
    then claim any address and dodge the per-address sign-in limit. Only the configured
    proxies are believed (AVAILABILITY_TRUSTED_PROXIES)."""
    settings: Settings = app.state.context.settings
    trusted = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}


class QuietServer(StreamClosingServer):
    """A uvicorn server that sleeps until told to stop.

    uvicorn's own main loop wakes ten times a second to look at `should_exit` and to
    refresh the Date header. In the desktop app, which runs all day, that was most of
    its idle CPU. This loop waits on an event instead, and the Date header is left out
    (`date_header=False`): no client here reads it.
    """

    def __init__(self, config: uvicorn.Config, hub: EventHub) -> None:
        super().__init__(config, hub)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        if not self.should_exit:
            await self._stop.wait()

    def request_stop(self) -> None:
        """From any thread: leave the main loop and shut down gracefully."""
        self.should_exit = True
        if self._loop is not None and self._stop is not None:
            # RuntimeError: the loop has ended already, and there is nothing left to stop.
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)


class ServerThread:
    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,
            date_header=False,
            ws="none",  # the API has no WebSocket route; this keeps `websockets` unloaded
            **proxy_options(app),
        )
        self._server = QuietServer(config, hub_of(app))
        self._thread = threading.Thread(target=self._run, name="uvicorn", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._socket]))

    def start(self, timeout: float = 30.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.request_stop()
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
