"""Octobat lists: `limit`, `starting_after`, `ending_before` in; a list object out, newest first."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from starlette.requests import Request

from billbook.domain.errors import InvalidParam
from billbook.domain.listing import DEFAULT_CURSOR_LIMIT, Cursor, Slice
from billbook.domain.values import integer


def cursor_from(params: Mapping[str, Any]) -> Cursor:
    return Cursor(limit=_limit(params.get("limit")), starting_after=_identifier(params, "starting_after"),
                  ending_before=_identifier(params, "ending_before"))


def request_path(request: Request) -> str:
    """The path below the dialect's base: the Ruby and PHP clients prepend their `api_base` to a
    list's `request_url` to reach it again (`invoice.items.create` needs it)."""
    return request.url.path.removeprefix(request.scope.get("root_path", "")) or "/"


def list_object(found: Slice, render: Callable[[Any], dict], request_url: str) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [render(item) for item in found.items],
        "has_more": found.has_more,
        "has_before": found.has_before,
        "total_count": found.total,
        "request_url": request_url,
    }


def nested_list(items: Iterable[Any], render: Callable[[Any], dict], request_url: str) -> dict[str, Any]:
    """A list held whole inside its parent object (a customer's payment sources)."""
    data = [render(item) for item in items]
    return {"object": "list", "data": data, "has_more": False, "has_before": False, "total_count": len(data),
            "request_url": request_url}


def list_parameters(*filters: str) -> dict:
    """OpenAPI description of the cursor parameters (routes decode them themselves)."""
    def query(name: str, kind: str, description: str) -> dict:
        return {"name": name, "in": "query", "required": False, "schema": {"type": kind},
                "description": description}

    return {"parameters": [
        query("limit", "integer", f"How many items, 1 to 100 (default {DEFAULT_CURSOR_LIMIT})."),
        query("starting_after", "string", "Id of an item: list the items created before it."),
        query("ending_before", "string", "Id of an item: list the items created after it."),
        *[query(name, "string", "Exact match.") for name in filters],
    ]}


def _limit(value: Any) -> int:
    return DEFAULT_CURSOR_LIMIT if value is None or value == "" else integer("limit", value)


def _identifier(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidParam(name, "must be an object id")
    return value
