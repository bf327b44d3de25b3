"""Invoiced list parameters: filter[...], metadata[...], sort, updated_after/before, paging."""

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from billbook.api.http.pagination import page_from
from billbook.domain.errors import InvalidParam, UnknownFilter
from billbook.domain.listing import ListQuery

FilterValue = Callable[[str, str | None], Any]


def list_query(params: Mapping[str, Any], filter_value: FilterValue, filterable: frozenset[str],
               sortable: frozenset[str], **ledger_conditions: bool | None) -> ListQuery:
    return ListQuery(
        filters=_filters(params.get("filter"), filter_value, filterable),
        metadata=_metadata(params.get("metadata")),
        sort=_sort(params.get("sort"), sortable),
        updated_since=_after(_timestamp(params, "updated_after")),
        updated_before=_timestamp(params, "updated_before"),
        page=page_from(params),
        **ledger_conditions,
    )


def list_parameters(filterable: frozenset[str], *flags: str) -> dict:
    """OpenAPI description of the list query parameters (routes decode them themselves)."""
    def query(name: str, kind: str, description: str) -> dict:
        return {"name": name, "in": "query", "required": False, "schema": {"type": kind},
                "description": description}

    parameters = [
        query("page", "integer", "Page number, from 1."),
        query("per_page", "integer", "Items per page, 1 to 100 (default 100)."),
        query("sort", "string", "Column and direction, e.g. `name asc`."),
        query("updated_after", "integer", "Only items updated after this Unix time."),
        query("updated_before", "integer", "Only items updated before this Unix time."),
        *[query(f"filter[{name}]", "string", "Exact match.") for name in sorted(filterable)],
        *[query(flag, "boolean", f"Only items with (1) or without (0) {flag.replace('_', ' ')}.") for flag in flags],
    ]
    return {"parameters": parameters}


def expansions(params: Mapping[str, Any]) -> set[str]:
    """`expand=customer,parent_customer` (or `expand[]=…`) names the ids to replace with objects."""
    value = params.get("expand") or ""
    parts = value if isinstance(value, list) else str(value).split(",")
    return {part.strip() for part in parts if isinstance(part, str) and part.strip()}


def _filters(value: Any, filter_value: FilterValue, filterable: frozenset[str]) -> dict[str, Any]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise InvalidParam("filter", "must be an object like filter[field]=value")
    filters = {}
    for name, text in value.items():
        if name not in filterable:
            raise UnknownFilter(name)
        if isinstance(text, (dict, list)):
            raise InvalidParam(f"filter[{name}]", "must be a single value")
        filters[name] = filter_value(name, text if text is None or isinstance(text, str) else str(text))
    return filters


def _metadata(value: Any) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping) or any(isinstance(item, (dict, list)) for item in value.values()):
        raise InvalidParam("metadata", "must be an object like metadata[key]=value")
    return {key: str(item) for key, item in value.items()}


def _sort(value: Any, sortable: frozenset[str]) -> tuple[str, bool]:
    if value in (None, ""):
        return ("id", False)
    parts = str(value).split()
    if not 1 <= len(parts) <= 2 or parts[0] not in sortable:
        raise InvalidParam("sort", f"is not a sortable column: {value!r} (use e.g. 'name asc')")
    direction = parts[1].lower() if len(parts) == 2 else "asc"
    if direction not in ("asc", "desc"):
        raise InvalidParam("sort", f"has an unknown direction: {parts[1]!r} (use asc or desc)")
    return (parts[0], direction == "desc")


def _after(moment: datetime | None) -> datetime | None:
    # Timestamps are shown in whole seconds, so "after T" means from the next second on.
    if moment is None:
        return None
    try:
        return moment + timedelta(seconds=1)
    except OverflowError:
        raise InvalidParam("updated_after", "is too far in the future") from None


def _timestamp(params: Mapping[str, Any], name: str) -> datetime | None:
    value = params.get(name)
    if value in (None, "", "None"):
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidParam(name, f"is not a Unix timestamp: {value!r}") from None
