"""Request bodies are refused while they stream in, not once they have been read whole.

A body announced larger than the limit is answered 413 before a byte of it is read. Any other
body is counted as it arrives, whoever reads it (the idempotency layer keeps it to fingerprint
it, a route decodes it): the read that crosses the limit fails, so memory stays bounded whatever
the client claims in its headers or sends in chunks.
"""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from billbook.api.http.errors import RenderError
from billbook.domain.errors import RequestTooLarge

MAX_BODY_BYTES = 1_000_000
_CLOSE = (b"connection", b"close")


class BodyTooLarge(RequestTooLarge):
    def __init__(self, limit: int):
        super().__init__(f"Request bodies can be at most {limit} bytes")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, render_error: RenderError, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.render_error = render_error
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        started = False
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if received > self.limit:
                    # A route refused the body half read: the rest must not be taken for a request.
                    message = {**message, "headers": [*message.get("headers", []), _CLOSE]}
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            # Raised where no route's error handler runs (the idempotency layer reads first).
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self.render_error(BodyTooLarge(self.limit))
        # The rest of the body is never read: the connection cannot carry another request.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
