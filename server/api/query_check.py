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


def refuse_unknown(request: Request, known: set[str]) -> None:
    """A 422 naming each query parameter of `request` that is not in `known`."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise validation_problem(
            [FieldError(field=name, message="unknown query parameter") for name in unknown]
        )


async def no_unknown_query_parameters(request: Request) -> None:
    # Most requests carry no query at all.
    if not request.query_params:
        return
    route = request.scope.get("route")
    if isinstance(route, APIRoute):
        refuse_unknown(request, _query_names(route.dependant))
