"""A dialect is a FastAPI sub-application with its own routes, error format and OpenAPI document."""

from collections.abc import Sequence

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi_offline import FastAPIOffline

from billbook.api.http import errors
from billbook.api.http.auth import account_context
from billbook.api.http.body_limit import MAX_BODY_BYTES, BodySizeLimit
from billbook.api.http.idempotency import IdempotentRequests
from billbook.api.http.params import Params, decode_body, decode_query, reject_nul_characters
from billbook.api.http.runtime import Runtime

DOCS_ASSETS = "/docs/assets"


def build(title: str, runtime: Runtime, routers: Sequence[APIRouter],
          render_error: errors.RenderError, render_internal: errors.RenderInternal) -> FastAPI:
    # The docs page loads Swagger UI from assets the server ships, so that it works offline.
    app = FastAPIOffline(title=title, version="1", docs_url="/docs", redoc_url=None, openapi_url="/openapi.json",
                         static_url=DOCS_ASSETS)
    app.state.runtime = runtime
    app.add_middleware(IdempotentRequests, render_error=render_error)
    # Around everything that reads the body, inside the guard that catches its own failures.
    app.add_middleware(BodySizeLimit, render_error=render_error, limit=MAX_BODY_BYTES)
    # Installed last, so its guard is the outermost middleware and catches failures of the others.
    errors.install(app, render_error, render_internal)
    for router in routers:
        # Every dialect route needs a key, checked before the body is read (a request without a
        # key gets a 401 even when its body is broken); routes reuse the cached context.
        app.include_router(router, dependencies=[Depends(account_context)])
    app.openapi = lambda: _openapi_with_auth(app)
    return app


def _openapi_with_auth(app: FastAPI) -> dict:
    """The generated document, plus how every operation authenticates: the API key as the HTTP
    Basic username (empty password), or as a Bearer token."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = {
            "apiKeyAsBasicUsername": {"type": "http", "scheme": "basic"},
            "apiKeyAsBearer": {"type": "http", "scheme": "bearer"},
        }
        schema["security"] = [{"apiKeyAsBasicUsername": []}, {"apiKeyAsBearer": []}]
        app.openapi_schema = schema
    return app.openapi_schema


async def request_params(request: Request) -> Params:
    """Query string and body merged (the body wins), whatever encoding the client chose."""
    params = decode_query(request.scope.get("query_string", b""))
    # Its size is bounded as it streams in (see body_limit).
    body = await request.body()
    if body:
        params.update(decode_body(body, request.headers.get("content-type")))
    reject_nul_characters(params)
    return params


def body_schema(model: type) -> dict:
    """OpenAPI request body for routes that decode their own parameters (JSON or form)."""
    schema = model.model_json_schema()
    return {"requestBody": {"content": {
        "application/json": {"schema": schema},
        "application/x-www-form-urlencoded": {"schema": schema},
    }}}
