"""The ASGI application: one sub-application per dialect, plus health."""

from fastapi import FastAPI

from billbook import config
from billbook.api import public
from billbook.api.http.links import PublicLinks
from billbook.api.http.responses import json_response
from billbook.api.http.runtime import Runtime
from billbook.api.invoiced import app as invoiced
from billbook.api.octobat import app as octobat
from billbook.config import Settings
from billbook.services.ledger import Ledger, open_ledger


def create_app(settings: Settings | None = None, database: Ledger | None = None) -> FastAPI:
    settings = settings or config.load()
    runtime = Runtime(settings, database or open_ledger(settings.database_url, serving=True))
    app = FastAPI(title="Billbook", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.runtime = runtime

    @app.get("/healthz")
    def health():
        return json_response({"status": "ok"})

    app.include_router(public.router)
    app.add_middleware(PublicLinks, public_base_url=settings.public_base_url)
    # The legacy API lives under the current one's prefix, so it must be matched first.
    app.mount("/invoiced/legacy", invoiced.oldest(runtime))
    app.mount("/invoiced", invoiced.current(runtime))
    app.mount("/octobat/v1", octobat.version_1(runtime))
    app.mount("/octobat/v2", octobat.version_2(runtime))
    return app
