"""Unknown query parameters are an error, as unknown body fields are."""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from server.api.problems import FieldError, validation_problem


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def no_unknown_query_parameters(request: Request) -> None:
    # Most requests, heartbeats among them, carry no query at all.
    if not request.query_params:
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _query_names(route.dependant))
    if unknown:
        raise validation_problem(
            [FieldError(field=name, message="unknown query parameter") for name in unknown]
        )
