"""OpenAPI descriptions of the error answers that routes can give."""

from __future__ import annotations

from typing import Any

from server.api.problems import PROBLEM_MEDIA_TYPE, ProblemDocument

_DESCRIPTIONS = {
    400: "The body could not be read as JSON text",
    401: "Not signed in, or the sign-in has ended",
    403: "The caller's role may not do this",
    404: "No such thing",
    409: "Conflicts with the current state",
    413: "The request body is too large",
    412: "The If-Match version is stale; the body carries the current document",
    422: "Invalid input; `errors` names each offending field",
    429: "Too many attempts or streams; see Retry-After",
    500: "An unexpected failure; nothing was changed",
    503: "The database is busy or does not answer; see Retry-After",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        code: {
            "model": ProblemDocument,
            "description": _DESCRIPTIONS[code],
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDocument"}}
            },
        }
        for code in codes
    }


SIGNED_IN = problems(401, 403, 422)
# Any operation with a request body: bytes that are not JSON text cannot be parsed, and
# a body over the size limit is refused.
WITH_BODY = problems(400, 413)

# Any operation refuses unknown query parameters, and can meet a database that is busy
# or away, or a failure nobody foresaw.
EVERY_OPERATION = problems(422, 500, 503)

# An event stream: no caching, and no buffering by a reverse proxy (nginx honours
# X-Accel-Buffering).
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
