"""A WhatsApp gateway for the tests: a real HTTP server on 127.0.0.1 in a thread, recording
every request and answering with the statuses a test queues (200 when none is left)."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Gateway:
    url: str
    requests: list = field(default_factory=list)  # (path, headers, parsed JSON body)
    statuses: list = field(default_factory=list)  # answers to give, in order; then 200

    def answer(self) -> int:
        return self.statuses.pop(0) if self.statuses else 200


@pytest.fixture
def gateway(settings):
    """The gateway, running; WHATSAPP_GATEWAY_URL points at it (token "rahasia-gateway")."""
    state = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append((self.path, dict(self.headers), json.loads(body)))
            status = state.answer()
            reply = json.dumps({"status": status < 300}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            """Keep the test output clean: the gateway logs nothing."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/kirim"
    settings.WHATSAPP_GATEWAY_URL = state.url
    settings.WHATSAPP_GATEWAY_TOKEN = "rahasia-gateway"
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def retries_in_process():
    """Celery's retries, run in this process: a task that calls self.retry() runs again at
    once (no countdown) up to its max_retries, as a worker would over the backoff, instead of
    raising Retry into the test (the suite's tasks otherwise propagate their exceptions)."""
    from lsp_portal.celery import app

    old = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = old
