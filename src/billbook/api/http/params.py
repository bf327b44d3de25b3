"""Request parameters from query strings, form bodies and JSON bodies, as one nested structure.

Form and query keys use Rails/PHP brackets, literal or percent-encoded:
`a[b]=1` is a hash, `a[]=1&a[]=2` a list, `a[][k]=1&a[][k]=2` a list of hashes (a new element
starts when a key repeats, as Rack does), and `a[0][k]=1` an indexed list (PHP).
"""

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

import orjson

from billbook.domain.errors import InvalidParam, MalformedRequest, UnsupportedFormat
from billbook.domain.listing import parse_bool

Params = dict[str, Any]
# As Rack: deeper keys are refused rather than recursed into.
MAX_DEPTH = 32
MAX_FIELDS = 1000


def decode_query(query: str | bytes) -> Params:
    if isinstance(query, bytes):
        # Percent-encoding is the rule, but curl users send raw UTF-8 too.
        try:
            query = query.decode("utf-8")
        except UnicodeDecodeError:
            query = query.decode("latin-1")
    return decode_pairs(_pairs(query))


def decode_body(body: bytes, content_type: str | None) -> Params:
    if not body.strip():
        return {}
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json") or (
        not media_type and body.lstrip()[:1] == b"{"
    ):
        return _decode_json(body)
    if media_type in ("", "application/x-www-form-urlencoded"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedRequest("The request body is not valid UTF-8") from None
        return decode_pairs(_pairs(text))
    raise UnsupportedFormat(f"Request bodies of type {media_type} are not supported; "
                            "send application/json or application/x-www-form-urlencoded")


def _pairs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise MalformedRequest(f"A request can have at most {MAX_FIELDS} parameters") from None


def reject_nul_characters(node: Any, path: str = "") -> None:
    """No stored text may hold a NUL character (PostgreSQL refuses it): name the parameter."""
    if isinstance(node, str):
        if "\x00" in node:
            raise InvalidParam(path, "contains a NUL character")
    elif isinstance(node, dict):
        for key, value in node.items():
            if "\x00" in key:
                raise InvalidParam(path or key, "contains a NUL character")
            reject_nul_characters(value, f"{path}[{key}]" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            reject_nul_characters(value, f"{path}[{index}]")


def decode_pairs(pairs: Iterable[tuple[str, str]]) -> Params:
    root: Params = {}
    for key, value in pairs:
        path = split_key(key)
        if len(path) > MAX_DEPTH:
            raise MalformedRequest(f"Parameter {path[0]} is nested more than {MAX_DEPTH} levels deep")
        if path[0]:
            _assign(root, path, value, key)
    # The top level always names parameters, even digits-only ones (`0=x`): only what is nested
    # under a name can be an indexed list.
    return {name: _lists_from_indexes(value) for name, value in root.items()}


def split_key(key: str) -> list[str]:
    """`a[b][]` -> ["a", "b", ""]; a key whose brackets do not close is taken literally."""
    opening = key.find("[")
    if opening <= 0 or not key.endswith("]"):
        return [key]
    segments = key[opening + 1:-1].split("][")
    if any("[" in segment or "]" in segment for segment in segments):
        return [key]
    return [key[:opening], *segments]


def _assign(container: dict, path: list[str], value: str, full_key: str) -> None:
    name, rest = path[0], path[1:]
    if not rest:
        if isinstance(container.get(name), (dict, list)):
            raise _conflict(full_key)
        container[name] = value
        return
    if rest[0] == "":
        items = container.setdefault(name, [])
        if not isinstance(items, list):
            raise _conflict(full_key)
        tail = rest[1:]
        if not tail:
            items.append(value)
            return
        if not items or not isinstance(items[-1], dict) or _has_path(items[-1], tail):
            items.append({})
        _assign(items[-1], tail, value, full_key)
        return
    child = container.setdefault(name, {})
    if not isinstance(child, dict):
        raise _conflict(full_key)
    _assign(child, rest, value, full_key)


def _has_path(node: Any, path: list[str]) -> bool:
    # As Rack does: a path that itself appends to a list never starts a new element.
    if "" in path:
        return False
    for segment in path:
        if not isinstance(node, dict) or segment not in node:
            return False
        node = node[segment]
    return True


def _lists_from_indexes(node: Any) -> Any:
    if isinstance(node, list):
        return [_lists_from_indexes(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _lists_from_indexes(item) for key, item in node.items()}
    if converted and all(key.isdigit() for key in converted):
        indexes = sorted(converted, key=int)
        if [int(index) for index in indexes] == list(range(len(indexes))):
            return [converted[index] for index in indexes]
    return converted


def _conflict(key: str) -> MalformedRequest:
    return MalformedRequest(f"Parameter {key} conflicts with another parameter of the same name")


def _decode_json(body: bytes) -> Params:
    try:
        decoded = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise MalformedRequest(f"The request body is not valid JSON: {error}") from None
    if not isinstance(decoded, dict):
        raise MalformedRequest("The request body must be a JSON object")
    _refuse_deep_nesting(decoded)
    return decoded


def _refuse_deep_nesting(decoded: Params) -> None:
    """JSON is held to the depth limit of form keys; measured without recursion, because every
    later reading of the parameters recurses and Python's stack ends near 1,000 levels."""
    pending: list[tuple[str, Any, int]] = [(name, value, 2) for name, value in decoded.items()]
    while pending:
        name, node, depth = pending.pop()
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise MalformedRequest(f"Parameter {name} is nested more than {MAX_DEPTH} levels deep")
        children = node.values() if isinstance(node, dict) else node
        pending.extend((name, child, depth + 1) for child in children)


def optional_bool(params: Mapping[str, Any], name: str) -> bool | None:
    """A flag as clients send it (`true`, `1`, `False`…); None when absent."""
    value = params.get(name)
    if value in (None, "", "None"):
        return None
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise InvalidParam(name, "is not a boolean")
    return parse_bool(name, value)
