"""Links that work without an API key, sent to end customers: a document's PDF and a customer's
statement. Each carries a token that reaches one thing; any other token is a plain 404."""

from datetime import date, datetime, timezone
from functools import partial

from fastapi import APIRouter, Request
from starlette.responses import PlainTextResponse, Response

from billbook.api.http.execution import offload
from billbook.api.http.links import DOCUMENT_PATH, STATEMENT_PATH
from billbook.api.http.runtime import runtime_of
from billbook.api.http.typesetting import kept_pdf, typeset
from billbook.domain.errors import InvalidParam, NotFound
from billbook.services import documents

router = APIRouter()


@router.get(DOCUMENT_PATH, include_in_schema=False)
async def document_pdf(token: str, request: Request) -> Response:
    database = runtime_of(request).database
    try:
        found = await offload(database, documents.invoice_document, database, token)
    except NotFound:
        return _not_found()
    return _pdf(await kept_pdf(database, found), "private, max-age=86400, immutable")


@router.get(DOCUMENT_PATH.removesuffix("/pdf") + "/cii.xml", include_in_schema=False)
async def document_cii(token: str, request: Request) -> Response:
    return await _document_xml(token, request, "cii")


@router.get(DOCUMENT_PATH.removesuffix("/pdf") + "/ubl.xml", include_in_schema=False)
async def document_ubl(token: str, request: Request) -> Response:
    return await _document_xml(token, request, "ubl")


async def _document_xml(token: str, request: Request, syntax: str) -> Response:
    database = runtime_of(request).database
    try:
        xml = await offload(database, documents.invoice_xml, database, token, syntax)
    except NotFound:
        return _not_found()
    return Response(xml, media_type="application/xml",
                    headers={"Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff"})


@router.get(STATEMENT_PATH, include_in_schema=False)
async def statement_pdf(token: str, request: Request) -> Response:
    database = runtime_of(request).database
    query = request.query_params
    try:
        asked = {"type": query.get("type") or "open_item", "start": _day("start", query.get("start")),
                 "end": _day("end", query.get("end")), "items": query.get("items") or None,
                 "currency": query.get("currency") or None}
        statement = await offload(database, partial(documents.statement_document, **asked), database, token)
    except NotFound:
        return _not_found()
    except InvalidParam as error:
        return PlainTextResponse(f"{error.param}: {error.message}", status_code=400)
    return _pdf(await typeset(statement), "private, no-store")


def _day(name: str, value: str | None) -> date | None:
    """A day as a Unix timestamp (as the Invoiced API gives them) or YYYY-MM-DD."""
    if not value:
        return None
    try:
        if value.lstrip("-").isdigit():
            return datetime.fromtimestamp(int(value), tz=timezone.utc).date()
        return date.fromisoformat(value)
    except (ValueError, OverflowError, OSError):
        raise InvalidParam(name, f"is not a Unix timestamp or a YYYY-MM-DD date: {value!r}") from None


def _pdf(content: bytes, cache: str) -> Response:
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": "inline", "Cache-Control": cache,
                             "X-Content-Type-Options": "nosniff"})


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404)
