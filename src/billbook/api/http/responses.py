"""JSON responses rendered with orjson (fast, and strict about what it will serialise)."""

from typing import Any

import orjson
from starlette.responses import Response


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> JSONBody:
    return JSONBody(content, status_code=status_code, headers=headers)


def no_content() -> Response:
    return Response(status_code=204)
