"""Page-numbered lists: `page`/`per_page` in, `Link` and `X-Total-Count` out."""

from math import ceil
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request

from billbook.api.http.runtime import runtime_of
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import MAX_PAGE_SIZE, Page
from billbook.domain.values import integer

# Beyond this the row offset no longer fits the databases' 64-bit integers.
MAX_PAGE_NUMBER = (2**63 - 1) // MAX_PAGE_SIZE


def page_from(params: dict) -> Page:
    number = _integer(params, "page", 1)
    if number < 1:
        raise InvalidParam("page", "must be 1 or greater")
    if number > MAX_PAGE_NUMBER:
        raise InvalidParam("page", f"must be at most {MAX_PAGE_NUMBER}")
    size = min(max(_integer(params, "per_page", MAX_PAGE_SIZE), 1), MAX_PAGE_SIZE)
    return Page(number, size)


def page_headers(request: Request, page: Page, total: int) -> dict[str, str]:
    """`Link` with self/first/previous/next/last, absolute, keeping the caller's query.

    The Python client splits the header on commas, so commas inside URLs are percent-encoded.
    """
    last = max(1, ceil(total / page.size))
    base = _base_url(request)
    query = [(key, value) for key, value in parse_qsl(request.url.query, keep_blank_values=True)
             if key not in ("page", "per_page")]

    def link(number: int, rel: str) -> str:
        encoded = urlencode([*query, ("page", number), ("per_page", page.size)], safe="[]")
        return f'<{base}?{encoded}>; rel="{rel}"'

    links = [link(page.number, "self"), link(1, "first")]
    if page.number > 1:
        links.append(link(min(page.number - 1, last), "previous"))
    if page.number < last:
        links.append(link(page.number + 1, "next"))
    links.append(link(last, "last"))
    return {"Link": ", ".join(links), "X-Total-Count": str(total)}


def _base_url(request: Request) -> str:
    public = runtime_of(request).settings.public_base_url
    if public:
        return public.rstrip("/") + request.url.path
    return f"{request.url.scheme}://{request.url.netloc}{request.url.path}"


def _integer(params: dict, name: str, default: int) -> int:
    value = params.get(name)
    return default if value is None or value == "" else integer(name, value)
