"""Absolute links to what Billbook serves without an API key (documents, statements, customers'
billing pages), built from
BILLBOOK_PUBLIC_BASE_URL or, when it is not set, from the host the client used."""

from contextvars import ContextVar

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

DOCUMENT_PATH = "/documents/{token}/pdf"
STATEMENT_PATH = "/statements/{token}/pdf"
BILLING_PAGE_PATH = "/billing/{token}"

_base_url: ContextVar[str] = ContextVar("public_base_url", default="")


class PublicLinks:
    """Notes, for the request, the base its links are built on."""

    def __init__(self, app: ASGIApp, public_base_url: str | None):
        self.app = app
        self.public_base_url = public_base_url.rstrip("/") if public_base_url else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _base_url.set(self.public_base_url or _from_request(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            _base_url.reset(token)


def _from_request(scope: Scope) -> str:
    host = Headers(scope=scope).get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def document_pdf_url(token: str | None) -> str | None:
    return f"{_base_url.get()}{DOCUMENT_PATH.format(token=token)}" if token else None


def statement_pdf_url(token: str | None) -> str | None:
    return f"{_base_url.get()}{STATEMENT_PATH.format(token=token)}" if token else None


def billing_page_url(token: str | None) -> str | None:
    return f"{_base_url.get()}{BILLING_PAGE_PATH.format(token=token)}" if token else None


def invoice_on_billing_page_url(token: str | None, invoice_id: int | None) -> str | None:
    """An invoice as its customer sees it: its row on the customer's billing page."""
    page = billing_page_url(token)
    return f"{page}#invoice-{invoice_id}" if page and invoice_id is not None else None
