"""The ceiling a request can reach here: FastAPI on uvicorn, no database, no auth.

POST /invoiced/customers decodes the form body (urllib.parse.parse_qsl -> dict) and returns it as
JSON, so the benchmark can drive it with exactly the request it sends Billbook. Served the way
`billbook serve` serves: uvicorn.run with an app factory, the same worker count, no access log.

    python bench/bare_app.py --host 127.0.0.1 --port 8001 --workers 1 --no-access-log
"""

import argparse
from urllib.parse import parse_qsl

import orjson
import uvicorn
from fastapi import FastAPI, Request
from starlette.responses import Response


class ORJSONBody(Response):
    media_type = "application/json"

    def render(self, content) -> bytes:
        return orjson.dumps(content)


def create_app() -> FastAPI:
    app = FastAPI(title="bare", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def health():
        return ORJSONBody({"status": "ok"})

    @app.post("/invoiced/customers", status_code=201)
    async def create_customer(request: Request):
        body = await request.body()
        return ORJSONBody(dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), status_code=201)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    # Worker processes import the factory by name; they inherit this script's folder on sys.path.
    uvicorn.run("bare_app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                access_log=args.access_log, log_level="info")


if __name__ == "__main__":
    main()
