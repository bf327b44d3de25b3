"""A local stand-in for the EU's VIES register, speaking its REST protocol
(POST check-vat-number {"countryCode", "vatNumber"} → {"valid": …} or an error wrapper)."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeVies:
    def __init__(self):
        self.registered: set[str] = set()  # full numbers, e.g. "DE136695976"
        self.down = False
        self.asked: list[str] = []


@contextmanager
def fake_vies():
    """Yields (register, url)."""
    register = FakeVies()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the http.server API)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            number = body["countryCode"] + body["vatNumber"]
            register.asked.append(number)
            if register.down:
                answer = {"actionSucceed": False, "errorWrappers": [{"error": "MS_UNAVAILABLE"}]}
            else:
                answer = {"countryCode": body["countryCode"], "vatNumber": body["vatNumber"],
                          "requestDate": "2026-11-21T12:00:00.000Z", "valid": number in register.registered,
                          "name": "---", "address": "---"}
            payload = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield register, f"http://127.0.0.1:{server.server_address[1]}/taxation_customs/vies/rest-api/check-vat-number"
    finally:
        server.shutdown()
        server.server_close()
