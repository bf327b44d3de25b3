"""The Octobat sub-applications."""

from fastapi import FastAPI

from billbook.api.http import dialect
from billbook.api.http.runtime import Runtime
from billbook.api.octobat import errors
from billbook.api.octobat.paths import TrailingSlashIgnored
from billbook.api.octobat.v1 import customers as v1_customers
from billbook.api.octobat.v1 import invoices as v1_invoices
from billbook.api.octobat.v1 import settings as v1_settings
from billbook.api.octobat.v2 import customers as v2_customers
from billbook.api.octobat.v2 import payment_recipients, payment_sources, sequences


def version_1(runtime: Runtime) -> FastAPI:
    return _as_octobat_reads_paths(dialect.build(
        "Billbook: Octobat API v1", runtime, [v1_customers.router, v1_invoices.router, v1_settings.router],
        errors.render_v1_error, errors.render_v1_internal))


def version_2(runtime: Runtime) -> FastAPI:
    return _as_octobat_reads_paths(dialect.build(
        "Billbook: Octobat API v2", runtime,
        [v2_customers.router, payment_sources.router, sequences.router, payment_recipients.router],
        errors.render_v2_error, errors.render_v2_internal))


def _as_octobat_reads_paths(app: FastAPI) -> FastAPI:
    # Outermost, so that every route, error and idempotency key sees the path without its slash.
    app.add_middleware(TrailingSlashIgnored)
    return app
