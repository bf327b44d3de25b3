"""Turning every failure into the dialect's own error body: domain errors, unknown routes,
malformed path parameters, and anything unexpected (a 500 with a correlation id, no trace)."""

import logging
import re
import uuid
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from billbook.domain.errors import BillbookError, InvalidParam, MethodNotAllowed, RouteNotFound

log = logging.getLogger("billbook.api")

RenderError = Callable[[BillbookError], Response]
RenderInternal = Callable[[str], Response]


def install(app: FastAPI, render_error: RenderError, render_internal: RenderInternal) -> None:
    async def on_domain_error(_request: Request, error: BillbookError) -> Response:
        return render_error(error)

    async def on_http_error(request: Request, error: HTTPException) -> Response:
        path = request.url.path.removeprefix(request.scope.get("root_path", "")) or "/"
        if error.status_code == 405:
            response = render_error(MethodNotAllowed(request.method, path))
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
            return response
        return render_error(RouteNotFound(request.method, path))

    async def on_validation_error(_request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0]
        return render_error(InvalidParam(str(first["loc"][-1]), first["msg"]))

    app.add_exception_handler(BillbookError, on_domain_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_middleware(UnexpectedErrorGuard, render_internal=render_internal)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path accepts (Starlette names only the first route's).

    Read from the dialect's own OpenAPI document, the public description of its routes."""
    path = request.url.path.removeprefix(request.scope.get("root_path", "")) or "/"
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            methods |= {method.upper() for method in operations}
    return sorted(methods)


class UnexpectedErrorGuard:
    """Answers an unexpected exception with the dialect's 500 and logs it under a correlation id."""

    def __init__(self, app: ASGIApp, render_internal: RenderInternal):
        self.app = app
        self.render_internal = render_internal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            correlation_id = uuid.uuid4().hex
            log.exception("unexpected error, correlation id %s", correlation_id)
            if not started:
                response = self.render_internal(correlation_id)
                response.headers["X-Correlation-Id"] = correlation_id
                await response(scope, receive, send)
