"""The running app takes commands on a QLocalServer (desktop/instance_lock.py keeps it single).

The protocol is one JSON object per line each way: the command line sends a request
such as {"command": "status"} and the running app answers with one object, always with
"ok" and, when not ok, an "error" in words.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.instance_lock import instance_running
from presence.documents import JsonObject

log = logging.getLogger(__name__)

Reply = Callable[[JsonObject], None]
Handler = Callable[[JsonObject, Reply], None]

MAX_REQUEST = 64 * 1024
# How long a command waits for an app that holds the lock but does not listen yet: the
# launcher shows the tray icon first and listens for commands right after.
STARTING_WAIT = 10.0


class CommandServer(QObject):
    """Listens on the instance's local socket and hands each request to `handler`.

    `handler(request, reply)` runs on the UI thread; it calls `reply` once, now or later.
    The server may listen before the app has a handler (the launcher starts it first):
    requests wait until `set_handler`.
    """

    def __init__(
        self, name: str, handler: Handler | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._handler = handler
        self._waiting: list[tuple[JsonObject, Reply]] = []
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if "/" in name:  # a Unix socket path: its folder keeps other users out
            Path(name).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        QLocalServer.removeServer(name)  # a dead instance's socket; we hold the lock
        if not self._server.listen(name):
            raise OSError(f"cannot listen for commands: {self._server.errorString()}")
        self._server.newConnection.connect(self._on_new_connection)

    def set_handler(self, handler: Handler) -> None:
        self._handler = handler
        waiting, self._waiting = self._waiting, []
        for request, reply in waiting:
            self._dispatch(request, reply)

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._on_ready_read(s, b))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready_read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_REQUEST:
                socket.abort()
            return
        line = bytes(buffer).split(b"\n", 1)[0]
        socket.readyRead.disconnect()
        answered = False

        def reply(answer: JsonObject) -> None:
            nonlocal answered
            # The caller may have given up (Ctrl+C, its timeout) and the socket be gone.
            if answered or not shiboken6.isValid(socket):
                return
            if socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return
            answered = True
            socket.write(QByteArray(json.dumps(answer).encode() + b"\n"))
            socket.flush()
            socket.disconnectFromServer()

        try:
            request = json.loads(line)
            if not isinstance(request, dict) or not isinstance(request.get("command"), str):
                raise ValueError("not a command")
        except ValueError:
            reply({"ok": False, "error": "The request was not understood."})
            return
        self._dispatch(request, reply)

    def _dispatch(self, request: JsonObject, reply: Reply) -> None:
        if self._handler is None:
            self._waiting.append((request, reply))
            return
        try:
            self._handler(request, reply)
        except Exception:
            log.exception("command %s failed", request.get("command"))
            reply({"ok": False, "error": "The app failed to carry out the command; see its log."})


class NotRunning(Exception):
    pass


class NotListening(NotRunning):
    """Nobody took the connection: the request never left, so it is safe to send again."""


def send_command(name: str, request: JsonObject, timeout_ms: int = 10_000) -> JsonObject:
    """Send one request to the running instance and wait for its answer.

    Raises NotRunning when no instance listens, and TimeoutError when it does not answer.
    Needs a QCoreApplication.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(2000):
        raise NotListening(socket.errorString())
    socket.write(QByteArray(json.dumps(request).encode() + b"\n"))
    socket.flush()
    data = b""
    while b"\n" not in data:
        if not socket.waitForReadyRead(timeout_ms):
            if socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                data += bytes(socket.readAll().data())
                if b"\n" in data:
                    break
                raise NotRunning("the running app closed the connection")
            raise TimeoutError("the running app did not answer in time")
        data += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    answer = json.loads(data.split(b"\n", 1)[0])
    if not isinstance(answer, dict):
        raise ValueError("the running app answered with something other than an object")
    return answer


def send_to_app(
    name: str,
    lock_file: Path,
    request: JsonObject,
    timeout_ms: int = 10_000,
    pause: Callable[[float], None] = time.sleep,
) -> JsonObject:
    """`send_command`, waiting up to STARTING_WAIT s for an app that is still starting.

    Raises NotRunning at once when no app holds the instance lock. A request that reached
    the app is never sent twice: only a connection nobody took is tried again.
    """
    deadline = time.monotonic() + STARTING_WAIT
    while True:
        try:
            return send_command(name, request, timeout_ms)
        except NotListening:
            if time.monotonic() > deadline or not instance_running(lock_file):
                raise
            pause(0.1)
