"""How the original Octobat services read paths: a trailing slash changes nothing.

Their own documentation writes list URLs with one (`GET https://apiv2.octobat.com/customers/`).
Starlette would answer those with a 307 redirect, which curl does not follow without `-L` and
which some clients replay as a GET, so the slash is dropped before routing instead.
"""

from starlette.types import ASGIApp, Receive, Scope, Send


class TrailingSlashIgnored:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = _without_trailing_slash(scope)
        await self.app(scope, receive, send)


def _without_trailing_slash(scope: Scope) -> Scope:
    path: str = scope["path"]
    base = scope.get("root_path", "")
    # The dialect's own root ("/octobat/v2/") has no route either way; leave it as it came.
    if not path.endswith("/") or path.rstrip("/") in ("", base):
        return scope
    trimmed = {**scope, "path": path.rstrip("/")}
    if scope.get("raw_path") is not None:
        trimmed["raw_path"] = scope["raw_path"].rstrip(b"/")
    return trimmed
