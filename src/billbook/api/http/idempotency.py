"""`Idempotency-Key`: a mutating request retried with the same key gets the first answer again.

A keyed request runs in one transaction that holds its key: what the request changes and the
answer it gives (unless a server error) commit together, so after a crash a retry is either
answered with the first result or runs for the first time. The answer is kept for 24 hours and
replayed, marked `Idempotent-Replayed: true`. The same key with other parameters is refused, and a
retry while the first request is still running is a conflict.
"""

import anyio
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from billbook.api.http.auth import account_context
from billbook.api.http.errors import RenderError
from billbook.api.http.execution import AnsweredMeanwhile, KeyedRequest, keyed, perform
from billbook.domain import idempotency as rules
from billbook.domain.errors import AuthenticationFailed, BillbookError
from billbook.domain.idempotency import StoredResponse
from billbook.services import idempotency
from billbook.services.context import AccountContext

MUTATING = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class IdempotentRequests:
    def __init__(self, app: ASGIApp, render_error: RenderError):
        self.app = app
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        key = headers.get("idempotency-key")
        if scope["type"] != "http" or scope["method"] not in MUTATING or key is None:
            await self.app(scope, receive, send)
            return
        try:
            ctx = await account_context(Request(scope))
        except AuthenticationFailed:
            await self.app(scope, receive, send)  # the route answers the 401
            return
        except BillbookError as error:  # over the rate limit
            await self.render_error(error)(scope, receive, send)
            return
        body = await _read_body(receive)
        try:
            key = rules.check_key(key)
            fingerprint = rules.request_fingerprint(scope["method"], scope["path"], scope.get("query_string", b""),
                                                    headers.get("content-type", ""), body)
            stored = await perform(ctx, idempotency.answer, key, fingerprint)
        except BillbookError as error:
            await self.render_error(error)(scope, receive, send)
            return
        if stored is not None:
            await _replay(stored, send)
            return
        request = KeyedRequest(key, fingerprint)
        # The answer is held back until the effect and the answer have committed together: an
        # answer the client saw is never lost, and a crash before the commit leaves nothing.
        answer = _HeldResponse()
        try:
            with keyed(request):
                await self.app(scope, _replaying(body, receive), answer.hold)
        except AnsweredMeanwhile as meanwhile:
            await _give_up(ctx, request)
            await _replay(meanwhile.answer, send)
            return
        except BaseException:
            await _give_up(ctx, request)
            raise
        if answer.status is None or answer.status >= 500:
            await _give_up(ctx, request)
        else:
            replayed = await _keep(ctx, request, answer.stored())
            if replayed is not None:
                await _replay(replayed, send)
                return
        await answer.deliver(send)


async def _keep(ctx: AccountContext, request: KeyedRequest, response: StoredResponse) -> StoredResponse | None:
    """Commit the request's effect with its answer. A request answered before any use case ran
    (bad input) opens its transaction now; if another request with the key was answered
    meanwhile, that answer is returned to replay instead. A retry refused as still in flight is
    not remembered."""
    with anyio.CancelScope(shield=True):
        if request.transaction is None:
            try:
                opened = await perform(ctx, idempotency.begin, request.key, request.fingerprint)
            except BillbookError:
                return None
            if isinstance(opened, StoredResponse):
                return opened
            request.transaction = opened
        await perform(ctx, idempotency.finish, request.transaction, request.key, request.fingerprint, response)
    return None


async def _give_up(ctx: AccountContext, request: KeyedRequest) -> None:
    """Nothing the request did is kept; its key is free again. Shielded: a cancelled request
    must still hand its connection (and key) back."""
    if request.transaction is not None:
        with anyio.CancelScope(shield=True):
            await perform(ctx, idempotency.abandon, request.transaction)


class _HeldResponse:
    def __init__(self):
        self.messages: list[Message] = []
        self.status: int | None = None
        self.content_type = ""
        self.body = bytearray()

    async def hold(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            for name, value in message.get("headers", []):
                if name.lower() == b"content-type":
                    self.content_type = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")
        self.messages.append(message)

    async def deliver(self, send: Send) -> None:
        for message in self.messages:
            await send(message)

    def stored(self) -> StoredResponse:
        return StoredResponse(self.status, self.content_type, bytes(self.body))


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay_receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay_receive


async def _replay(stored: StoredResponse, send: Send) -> None:
    headers = [(b"idempotent-replayed", b"true")]
    if stored.status != 204:
        headers += [(b"content-type", stored.content_type.encode("latin-1")),
                    (b"content-length", str(len(stored.body)).encode())]
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})
