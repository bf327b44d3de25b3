"""The Invoiced sub-applications."""

from fastapi import FastAPI

from billbook.api.http import dialect
from billbook.api.http.runtime import Runtime
from billbook.api.invoiced import contacts, credit_notes, customers, invoices, ledger, legacy, sending
from billbook.api.invoiced.errors import render_error, render_internal


def current(runtime: Runtime) -> FastAPI:
    return dialect.build("Billbook: Invoiced API", runtime,
                         [customers.router, contacts.router, invoices.router, credit_notes.router, ledger.router,
                          sending.router],
                         render_error, render_internal)


def oldest(runtime: Runtime) -> FastAPI:
    return dialect.build("Billbook: Invoiced API (legacy)", runtime, [legacy.router], render_error, render_internal)
