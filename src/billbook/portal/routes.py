"""The customer billing page: GET shows it (with the statement the customer asks for), POST saves
the billing-details form. Reached by the customer's link alone; any other token is a plain 404."""

from datetime import date, datetime, timezone
from functools import partial
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from billbook.api.http.execution import offload
from billbook.api.http.links import BILLING_PAGE_PATH
from billbook.api.http.runtime import runtime_of
from billbook.delivery.secrets import SecretBox
from billbook.domain.errors import InvalidParam, NotFound
from billbook.portal import security
from billbook.portal.labels import labels_for
from billbook.portal.rendering import STYLESHEET, STYLESHEET_PATH, render_page
from billbook.services import portal

router = APIRouter()
MAX_FORM_BYTES = 16 * 1024
_STATEMENT_PARAMS = ("type", "start", "end", "items", "currency")


@router.get(STYLESHEET_PATH, include_in_schema=False)
def stylesheet() -> Response:
    return Response(STYLESHEET, media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})


@router.get(BILLING_PAGE_PATH, include_in_schema=False)
async def show_page(token: str, request: Request) -> Response:
    asked, problem = _statement_asked(request)
    try:
        try:
            page = await _page(request, token, asked)
        except InvalidParam as refused:
            # The period asked for was refused: the default statement is shown, with why.
            problem, asked = f"{refused.param}: {refused.message}", {}
            page = await _page(request, token, asked)
    except NotFound:
        return not_found()
    notice = labels_for(page.language)["saved"] if request.query_params.get("saved") == "1" else None
    return _answer(request, token, page, asked, notice=notice, problem=problem)


@router.post(BILLING_PAGE_PATH, include_in_schema=False)
async def save_details(token: str, request: Request) -> Response:
    database = runtime_of(request).database
    try:
        await offload(database, portal.page_context, database, token)
    except NotFound:
        return not_found()
    limiter: security.PostLimiter = request.app.state.portal_posts
    wait = limiter.admit(token)
    body = await _form(request)
    if wait is not None or body is None:
        page = await _page(request, token, {})
        text = labels_for(page.language)
        status = 429 if wait is not None else 413
        response = _answer(request, token, page, {}, problem=text["too_many"] if wait else text["invalid"],
                           status=status)
        if wait is not None:
            response.headers["Retry-After"] = str(wait)
        return response
    nonce = request.cookies.get(security.CSRF_COOKIE)
    if not security.form_token_valid(_box(request), token, nonce, body.get(security.CSRF_FIELD)):
        page = await _page(request, token, {})
        return _answer(request, token, page, {}, problem=labels_for(page.language)["refused"], status=403)
    form = {name: body.get(name, "") for name in portal.EDITABLE_DETAILS}
    try:
        registered = await _registered(request, token, form)
        if registered:
            await offload(database, portal.update_details, database, token, form)
    except InvalidParam as refused:
        page = await _page(request, token, {})
        field = refused.param if refused.param in portal.EDITABLE_DETAILS else "vat_number"
        return _answer(request, token, page, {}, form=form, errors={field: refused.message}, status=422)
    if not registered:
        page = await _page(request, token, {})
        errors = {"vat_number": labels_for(page.language)["not_in_vies"]}
        return _answer(request, token, page, {}, form=form, errors=errors, status=422)
    # Post, redirect, get: reloading the page does not post the form again.
    return RedirectResponse(f"{BILLING_PAGE_PATH.format(token=token)}?saved=1#details", status_code=303,
                            headers=security.HEADERS)


def not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers=security.HEADERS)


async def _page(request: Request, token: str, asked: dict) -> portal.BillingPage:
    database = runtime_of(request).database
    return await offload(database, partial(portal.billing_page, **asked), database, token)


def _answer(request: Request, token: str, page: portal.BillingPage, asked: dict, *, status: int = 200,
            **shown) -> Response:
    nonce = request.cookies.get(security.CSRF_COOKIE) or security.new_nonce()
    html = render_page(page, csrf_token=security.form_token(_box(request), token, nonce),
                       asked={name: asked.get(name) for name in _STATEMENT_PARAMS}, **shown)
    response = Response(html, status_code=status, media_type="text/html; charset=utf-8", headers=security.HEADERS)
    if request.cookies.get(security.CSRF_COOKIE) != nonce:
        response.set_cookie(security.CSRF_COOKIE, nonce, path="/billing/", httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


def _box(request: Request) -> SecretBox:
    """The key that seals the form tokens (see portal.security), read once per process."""
    state = request.app.state
    if getattr(state, "portal_box", None) is None:
        state.portal_box = security.form_box(runtime_of(request).settings)
    return state.portal_box


async def _form(request: Request) -> dict[str, str] | None:
    """The urlencoded form (the page's only form), or None when it is too large to be it."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=50)
    return {name: values[0] for name, values in parsed.items()}


async def _registered(request: Request, token: str, form: dict[str, str]) -> bool:
    """With BILLBOOK_VIES_CHECK on, whether the register knows a new VAT number; an unanswered
    check lets it through (an invoice asks again before reverse-charging)."""
    register = runtime_of(request).vat_register
    if register is None:
        return True
    database = runtime_of(request).database
    number = await offload(database, portal.new_vat_number, database, token, form)
    return number is None or (await register.check(number)).status != "invalid"


def _statement_asked(request: Request) -> tuple[dict, str | None]:
    """The statement the query asks for (Unix timestamps or YYYY-MM-DD days), and what was wrong."""
    query = request.query_params
    asked: dict = {}
    problem = None
    for name in ("type", "items", "currency"):
        value = query.get(name)
        if value:
            asked[name] = value[:40]
    for name in ("start", "end"):
        value = query.get(name)
        if not value:
            continue
        try:
            asked[name] = (datetime.fromtimestamp(int(value), tz=timezone.utc).date() if value.lstrip("-").isdigit()
                           else date.fromisoformat(value))
        except (ValueError, OverflowError, OSError):
            problem = f"{name}: is not a date: {value[:40]}"
    return asked, problem
