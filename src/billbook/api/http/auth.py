"""API keys arrive as the HTTP Basic username (empty password) or as a Bearer token."""

import base64
import binascii
import time

from fastapi import Request

from billbook.api.http.execution import offload
from billbook.api.http.runtime import runtime_of
from billbook.domain import api_keys
from billbook.domain.errors import AuthenticationFailed
from billbook.services import accounts
from billbook.services.context import AccountContext

# Recognised keys are remembered briefly so a request does not pay a key look-up; a revoked
# key therefore stops working within this many seconds in every running process.
KEY_CACHE_SECONDS = 5.0
KEY_CACHE_ENTRIES = 10_000
_recognised: dict[str, tuple[AccountContext, float]] = {}


def presented_key(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, credentials = authorization.strip().partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip() or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[0] or None
    return None


async def account_context(request: Request) -> AccountContext:
    """The tenant the request's key opens; a missing or unknown key is a 401, a key over its rate a 429."""
    key = presented_key(request.headers.get("authorization"))
    if key is None:
        raise AuthenticationFailed("Authentication required: send your API key as the HTTP Basic username")
    runtime = runtime_of(request)
    fingerprint = api_keys.fingerprint(key)
    cached = _recognised.get(fingerprint)
    if cached is not None and cached[1] > time.monotonic():
        context = cached[0]
    else:
        context = await offload(runtime.database, accounts.authenticate, runtime.database, key)
        _remember(fingerprint, context)
    # Counted once per request, though middleware and routes may both ask who is calling.
    if not getattr(request.state, "rate_counted", False):
        request.state.rate_counted = True
        runtime.limiter.admit(fingerprint)
    return context


def _remember(fingerprint: str, context: AccountContext) -> None:
    now = time.monotonic()
    if len(_recognised) >= KEY_CACHE_ENTRIES:
        for stale in [f for f, (_, expiry) in _recognised.items() if expiry <= now]:
            del _recognised[stale]
        if len(_recognised) >= KEY_CACHE_ENTRIES:
            _recognised.clear()
    _recognised[fingerprint] = (context, now + KEY_CACHE_SECONDS)
