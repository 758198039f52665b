"""The API reference in docs/: the OpenAPI document and a Markdown rendering of it.

    uv run python scripts/api_docs.py           # write docs/openapi.json and docs/api.md
    uv run python scripts/api_docs.py --check   # exit 1 if either is out of date

Both are generated from the application itself, so they say what the server serves at
`/openapi.json`. Who may call each operation is not in the OpenAPI document: `CALLERS`
below says it (tests/server/test_api_docs.py checks it against the server), and the
generator refuses to run when an operation is missing there. `NOTES` adds, per
operation, the rules that its schema cannot express.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from presence import Role
from server.api.callers import ROLE_NAMES
from server.api.openapi import openapi_document
from server.api.problems import PROBLEM_MEDIA_TYPE

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
OPENAPI_PATH = DOCS_DIR / "openapi.json"
MARKDOWN_PATH = DOCS_DIR / "api.md"
REGENERATE = "uv run python scripts/api_docs.py"

# Who may call each operation. `None`: anyone, without signing in; otherwise the roles
# whose bearer token the operation accepts (any other role gets 403).
SIGNED_IN: tuple[Role, ...] = tuple(Role)
CALLERS: dict[tuple[str, str], tuple[Role, ...] | None] = {
    ("POST", "/v1/auth/token"): None,
    ("POST", "/v1/auth/logout"): SIGNED_IN,
    ("GET", "/v1/me/availability"): (Role.PROFESSIONAL, Role.USER),
    ("PATCH", "/v1/me/availability"): (Role.PROFESSIONAL, Role.USER),
    ("POST", "/v1/me/heartbeat"): SIGNED_IN,
    ("GET", "/v1/me/status"): SIGNED_IN,
    ("GET", "/v1/me/events"): SIGNED_IN,
    ("GET", "/v1/me/sessions"): (Role.PROFESSIONAL,),
    ("POST", "/v1/me/wrap-up/extend"): (Role.PROFESSIONAL,),
    ("DELETE", "/v1/me/wrap-up"): (Role.PROFESSIONAL,),
    ("GET", "/v1/professionals/status"): SIGNED_IN,
    ("GET", "/v1/professionals/events"): SIGNED_IN,
    ("GET", "/v1/professionals/{professional_id}/status"): SIGNED_IN,
    ("PUT", "/v1/professionals/{professional_id}/override"): (Role.ADMIN,),
    ("DELETE", "/v1/professionals/{professional_id}/override"): (Role.ADMIN,),
    ("POST", "/v1/sessions"): (Role.SERVICE,),
    ("POST", "/v1/sessions/{session_id}/end"): (Role.SERVICE,),
    ("GET", "/healthz"): None,
}
CALLER_NOTES: dict[tuple[str, str], str] = {
    ("PATCH", "/v1/me/availability"): (
        "A regular user may change only `preference` (online or busy) and "
        "`preference_expires_at`; any other field is a 403."
    ),
}
# What an operation checks beyond its schema.
NOTES: dict[tuple[str, str], str] = {
    ("POST", "/v1/auth/token"): (
        "With `grant_type` `password`, send `email` and `password`; with `refresh_token`, "
        "send `refresh_token`. After repeated failed sign-ins for an email address or from "
        "a client address, even a right password gets a 429 until the window ends."
    ),
    ("PATCH", "/v1/me/availability"): (
        "Send only the fields to change; `null` is refused except for "
        "`preference_expires_at`, where it means no expiry. Setting `preference` clears "
        "`preference_expires_at` unless both are sent; only a busy, away or offline "
        "preference can expire, and only in the future. `quiet_hours.timezone` must be a "
        "known IANA name, `days` must not be empty while quiet hours are enabled, and "
        "`start` must differ from `end`. `status_note` is `{text, expires_at?}` (text of 1 "
        "to 100 characters, one line, no control characters; `expires_at` in the future) "
        "or `null` to clear it; only a professional has one. While an admin override holds, "
        "changing `preference` or `preference_expires_at` is a 409 that says who set it and "
        "until when. `wrap_up_minutes` is 0 to 120; `busy_in_calls` and "
        "`busy_in_do_not_disturb` are true or false. `wrap_up_until` is the server's: it "
        "is set when a session ends with none left running, and cannot be sent."
    ),
    ("POST", "/v1/me/heartbeat"): (
        "`signals`, when sent, are this device's own readings: `in_call` (a microphone or "
        "camera is in use by some app), `calendar_busy_until` (a busy calendar event runs "
        "until then; at most 31 days ahead, a past time counts as none) and "
        "`do_not_disturb` (the desktop's). Left out, the device reports none. Event titles "
        "and app names never travel."
    ),
    ("POST", "/v1/me/wrap-up/extend"): (
        "A 409 when no wrap-up is under way. The body may be left out: it extends by 5 minutes."
    ),
    ("DELETE", "/v1/me/wrap-up"): (
        'Ends the wrap-up under way now ("I\'m ready"); with none under way it changes '
        "nothing and answers the same document."
    ),
    ("GET", "/v1/professionals/status"): (
        "`ids` is a comma-separated list of 1 to 200 ids; ids that are not professionals "
        "are left out of the answer."
    ),
    ("GET", "/v1/professionals/events"): (
        "`ids` is a comma-separated list of 1 to 200 ids; ids that are not professionals "
        "are left out. It sends each watched professional's status first, then a `presence` "
        "event whenever what others see of one changes: at once, and when it changes by "
        "itself (`changes_at`, the end of a status note). Reconnect with `Last-Event-ID`: "
        "the id of the present state sends nothing again, any other id sends everything. "
        "The stream ends when the access token expires or the sign-in ends."
    ),
    ("PUT", "/v1/professionals/{professional_id}/override"): (
        "`until`, when given, must be in the future; without it the override holds until cleared."
    ),
    ("POST", "/v1/sessions"): (
        "A 409 when the professional is at `max_concurrent_sessions` or has switched that "
        "mode off, unless `force` is true; a 404 when there is no such professional."
    ),
}

INTRO = f"""\
## Conventions

- **Base path.** Every operation is under `/v1`, except the health check `GET /healthz`.
  Request and response bodies are JSON (`application/json`).
- **Signing in.** `POST /v1/auth/token` returns an `access_token`; send it as
  `Authorization: Bearer <access_token>`. It lasts `expires_in` seconds. Trade the
  `refresh_token` for new tokens with `grant_type` `refresh_token`: refresh tokens rotate,
  and sending a rotated one again ends that whole sign-in. A missing, expired or revoked
  token is a 401 (with `WWW-Authenticate: Bearer`); a role that may not call an operation
  gets a 403. Each operation below says who may call it.
- **Errors** are `{PROBLEM_MEDIA_TYPE}` documents (RFC 9457):
  `{{"type", "title", "status", "detail"}}`. `detail` is a sentence written for the person
  using the app; show it as it is. A 422 (invalid input) also has `errors`, a list of
  `{{"field", "message"}}` naming each offending field, nested fields with dots
  (`quiet_hours.days`). Unknown fields in a request body, and text or ids with a NUL
  character, are a 422; a 422 stores nothing. A body that is not JSON text is a 400.
  A 429 (too many failed sign-ins) has a `Retry-After` header in seconds.
- **Times** are RFC 3339 in UTC (`2026-11-23T10:00:00Z`); times sent to the server must
  carry an offset. Every time is read and written on the server clock: compare
  `server_time` from a heartbeat with the local clock only to show skew.
- **Concurrent edits.** `GET` and `PATCH /v1/me/availability` answer with
  `ETag: "<version>"`. Send it back as `If-Match` on a `PATCH`: when the availability was
  changed elsewhere in between, the answer is a 412 whose problem document carries
  `current`, the current availability document (its ETag is in the 412's `ETag` header).
  Without `If-Match`, a `PATCH` applies to whatever is current.
- **Live updates.** `GET /v1/me/events` is a Server-Sent Events stream of `status`
  (an EffectiveStatusOut) and `availability` (an AvailabilityDoc) events;
  `GET /v1/professionals/events?ids=…` one of `presence` events (a ProfessionalStatusOut,
  with the status note) for the professionals watched. Reconnect with `Last-Event-ID`.
"""


def openapi_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- Markdown -------------------------------------------------------------------------

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) in the document's order."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in _METHODS:
                yield method.upper(), path, operation


def anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _link(name: str) -> str:
    return f"[{name}](#{anchor(name)})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def type_of(schema: dict[str, Any]) -> str:
    """A short human reading of a JSON schema's type."""
    if "$ref" in schema:
        return _link(_schema_name(schema["$ref"]))
    for combiner in ("anyOf", "oneOf"):
        if combiner in schema:
            options = [s for s in schema[combiner] if s.get("type") != "null"]
            nullable = len(options) < len(schema[combiner])
            text = " or ".join(type_of(s) for s in options)
            return f"{text} or null" if nullable else text
    if "allOf" in schema:
        return " and ".join(type_of(s) for s in schema["allOf"])
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    if kind == "string" and "format" in schema:
        return f"string ({schema['format']})"
    if isinstance(kind, str):
        return kind
    return "any"


def constraints(schema: dict[str, Any]) -> list[str]:
    """What a schema (or its non-null alternative) requires beyond its type."""
    notes: list[str] = []
    for option in [schema, *schema.get("anyOf", [])]:
        if "minLength" in option or "maxLength" in option:
            notes.append(_range("characters", option.get("minLength"), option.get("maxLength")))
        if "minimum" in option or "maximum" in option:
            notes.append(_range("", option.get("minimum"), option.get("maximum")))
        if "minItems" in option or "maxItems" in option:
            notes.append(_range("items", option.get("minItems"), option.get("maxItems")))
        if "pattern" in option:
            notes.append(f"matches `{option['pattern']}`")
        if "description" in option and option is not schema:
            notes.append(option["description"])
    if "description" in schema:
        notes.insert(0, schema["description"])
    if "default" in schema:
        notes.append(f"default `{json.dumps(schema['default'])}`")
    return notes


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _range(unit: str, low: float | None, high: float | None) -> str:
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{_number(low)} to {_number(high)}{suffix}"
    if low is not None:
        return f"at least {_number(low)}{suffix}"
    assert high is not None
    return f"at most {_number(high)}{suffix}"


def who_may_call(method: str, path: str) -> str:
    key = (method, path)
    if key not in CALLERS:
        raise KeyError(
            f"{method} {path} is not in CALLERS in scripts/api_docs.py: say who may call it"
        )
    roles = CALLERS[key]
    if roles is None:
        text = "anyone; no sign-in needed."
    elif set(roles) == set(Role):
        text = "anyone signed in, whatever their role."
    else:
        text = " or ".join(ROLE_NAMES[r] for r in roles) + "."
    note = CALLER_NOTES.get(key)
    return f"**Who:** {text}" + (f" {note}" if note else "")


def _fields_table(schema: dict[str, Any], schemas: dict[str, Any]) -> list[str]:
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        schema = options[0]
    if "$ref" in schema:
        schema = schemas[_schema_name(schema["$ref"])]
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    if not properties:
        return []
    lines = ["| field | type | required | notes |", "|---|---|---|---|"]
    for name, field in properties.items():
        notes = "; ".join(constraints(field))
        lines.append(
            f"| `{name}` | {_cell(type_of(field))} | {'yes' if name in required else 'no'} "
            f"| {_cell(notes)} |"
        )
    return lines


def _body_reading(content: dict[str, Any]) -> str:
    """The media type and schema of a response or request body."""
    if not content:
        return "no body"
    # Errors are always sent as problem+json, even where FastAPI also lists JSON.
    media_type = PROBLEM_MEDIA_TYPE if PROBLEM_MEDIA_TYPE in content else next(iter(content))
    schema = content[media_type].get("schema", {})
    return f"`{media_type}`: {type_of(schema)}"


def _operation_section(
    method: str, path: str, operation: dict[str, Any], schemas: dict[str, Any]
) -> list[str]:
    lines = [f"### `{method} {path}`", ""]
    if operation.get("description"):
        lines += [operation["description"], ""]
    lines += [who_may_call(method, path), ""]
    if (method, path) in NOTES:
        lines += [NOTES[(method, path)], ""]

    parameters: list[dict[str, Any]] = operation.get("parameters", [])
    if parameters:
        lines += ["**Parameters:**", ""]
        lines += ["| name | in | type | required | notes |", "|---|---|---|---|---|"]
        for parameter in parameters:
            schema = parameter.get("schema", {})
            notes = constraints(schema)
            if parameter.get("description"):
                notes.insert(0, parameter["description"])
            lines.append(
                f"| `{parameter['name']}` | {parameter['in']} | {_cell(type_of(schema))} "
                f"| {'yes' if parameter.get('required') else 'no'} | {_cell('; '.join(notes))} |"
            )
        lines.append("")

    body = operation.get("requestBody")
    if body:
        required = "required" if body.get("required") else "optional"
        lines += [f"**Request body** ({required}) {_body_reading(body['content'])}", ""]
        schema = next(iter(body["content"].values())).get("schema", {})
        table = _fields_table(schema, schemas)
        if table:
            lines += [*table, ""]

    lines += ["**Responses:**", "", "| status | meaning | body |", "|---|---|---|"]
    for status, response in operation["responses"].items():
        lines.append(
            f"| {status} | {_cell(response.get('description', ''))} "
            f"| {_cell(_body_reading(response.get('content', {})))} |"
        )
    lines.append("")
    return lines


def _schema_section(name: str, schema: dict[str, Any], schemas: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [schema["description"], ""]
    if "enum" in schema:
        values = ", ".join(f"`{v}`" for v in schema["enum"])
        lines += [f"A {schema.get('type', 'value')}, one of: {values}.", ""]
        return lines
    table = _fields_table(schema, schemas)
    if table:
        if schema.get("additionalProperties") is False:
            lines += ["Fields not listed here are refused (422).", ""]
        elif schema.get("additionalProperties") is True:
            lines += ["May carry more fields than these.", ""]
        lines += [*table, ""]
    else:
        lines += [f"Type: {type_of(schema)}.", ""]
    return lines


def render_markdown(document: dict[str, Any]) -> str:
    info = document["info"]
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    listed = list(operations(document))
    routes = {(m, p) for m, p, _ in listed}
    disagreements = (routes ^ set(CALLERS)) | (set(NOTES) | set(CALLER_NOTES)) - routes
    if disagreements:
        names = ", ".join(f"{m} {p}" for m, p in sorted(disagreements))
        raise KeyError(f"scripts/api_docs.py and the routes disagree about: {names}")

    lines = [
        f"# {info['title']} {info['version']}",
        "",
        f"<!-- Generated by `{REGENERATE}` from the OpenAPI document the server serves at",
        "     /openapi.json (also in docs/openapi.json). Do not edit by hand. -->",
        "",
        info.get("description", ""),
        "",
        INTRO,
        "## Operations",
        "",
        "| operation | who | what |",
        "|---|---|---|",
    ]
    for method, path, operation in listed:
        roles = CALLERS[(method, path)]
        who = (
            "anyone"
            if roles is None
            else "signed in"
            if set(roles) == set(Role)
            else ", ".join(r.value for r in roles)
        )
        heading = anchor(f"`{method} {path}`")
        summary = operation.get("description") or operation.get("summary", "")
        lines.append(f"| [`{method} {path}`](#{heading}) | {who} | {_cell(summary)} |")
    lines.append("")
    for method, path, operation in listed:
        lines += _operation_section(method, path, operation, schemas)
    lines += ["## Schemas", ""]
    for name in sorted(schemas):
        lines += _schema_section(name, schemas[name], schemas)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- command line ---------------------------------------------------------------------


def generated_files() -> dict[Path, str]:
    document = openapi_document()
    return {OPENAPI_PATH: openapi_json(document), MARKDOWN_PATH: render_markdown(document)}


def stale_files(files: dict[Path, str]) -> list[Path]:
    return [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/api_docs.py",
        description="Write docs/openapi.json and docs/api.md from the application.",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the files differ from what would be written"
    )
    args = parser.parse_args(argv)
    files = generated_files()
    if args.check:
        stale = stale_files(files)
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date; run `{REGENERATE}`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
