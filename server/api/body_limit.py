"""Refuse request bodies over a size limit before anything reads them."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.problems import Problem


def _too_large(limit: int) -> str:
    return f"The request body is larger than {limit} bytes, which no request needs."


class BodyLimit:
    """A declared Content-Length over `limit` is refused at once; a chunked body is
    counted as it arrives and refused when it passes `limit`. Either way: 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self._app = app
        self._limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self._limit):
            response = Problem(413, "Too large", _too_large(self._limit)).response()
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._limit:
                    raise HTTPException(413, _too_large(self._limit))
            return message

        await self._app(scope, counted, send)
