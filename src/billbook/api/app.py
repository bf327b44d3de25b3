"""The ASGI application: one sub-application per dialect, plus health; and, when the settings
ask for it, an outbox worker alongside, for as long as the server process runs."""

import asyncio
import contextlib
import logging

from fastapi import FastAPI

from billbook import config
from billbook.api import public
from billbook.api.http.access_log import redact_access_log
from billbook.api.http.links import PublicLinks
from billbook.api.http.responses import json_response
from billbook.api.http.runtime import Runtime
from billbook.api.invoiced import app as invoiced
from billbook.api.octobat import app as octobat
from billbook.config import Settings
from billbook.delivery.email import SmtpServer
from billbook.delivery.worker import run_worker
from billbook.portal import routes as portal
from billbook.portal.security import PostLimiter
from billbook.services.ledger import Ledger, open_ledger


def create_app(settings: Settings | None = None, database: Ledger | None = None) -> FastAPI:
    settings = settings or config.load()
    runtime = Runtime(settings, database or open_ledger(settings.database_url, serving=True))
    app = FastAPI(title="Billbook", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=_delivery_worker if settings.delivery_worker else None)
    app.state.runtime = runtime

    @app.get("/healthz")
    def health():
        return json_response({"status": "ok"})

    app.include_router(public.router)
    app.include_router(portal.router)
    app.state.portal_posts = PostLimiter()
    redact_access_log()
    app.add_middleware(PublicLinks, public_base_url=settings.public_base_url)
    # The legacy API lives under the current one's prefix, so it must be matched first.
    app.mount("/invoiced/legacy", invoiced.oldest(runtime))
    app.mount("/invoiced", invoiced.current(runtime))
    app.mount("/octobat/v1", octobat.version_1(runtime))
    app.mount("/octobat/v2", octobat.version_2(runtime))
    return app


@contextlib.asynccontextmanager
async def _delivery_worker(app: FastAPI):
    """One outbox worker per server process, stopped (its message in hand finished) on shutdown."""
    settings = app.state.runtime.settings
    if settings.smtp_url:
        SmtpServer.from_url(settings.smtp_url)  # a malformed URL stops the server now, not the worker later
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, stop))
    task.add_done_callback(_report_stopped_worker)
    try:
        yield
    finally:
        stop.set()
        await task


def _report_stopped_worker(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        logging.getLogger("billbook.delivery").error("the delivery worker stopped: %s", task.exception())
