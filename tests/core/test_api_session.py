"""The session layer over real sockets: a tiny stdlib HTTP server that fails on purpose."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from brickyard.core.api_session import ApiSession
from brickyard.core.config import ConfigError
from brickyard.core.errors import NotFound, ServerError, ServerUnavailable

from tests.support.server import free_port


class FlakyServer:
    """Answers ``script`` statuses in turn (then 200), recording every request it saw."""

    def __init__(self, script):
        self.script = list(script)
        self.seen = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.seen.append((self.command, self.path, dict(self.headers), body))
                status = outer.script.pop(0) if outer.script else 200
                payload = {"ok": True} if status < 400 else \
                    {"error": {"code": "not_found" if status == 404 else "server_error",
                               "message": f"scripted {status}", "detail": {"n": len(outer.seen)}}}
                data, kind = json.dumps(payload).encode(), "application/json"
                if status in (502, 503, 504):  # as a reverse proxy answers: HTML, no JSON error body
                    data, kind = f"<html>{status} Bad Gateway</html>".encode(), "text/html"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def flaky(request):
    server = FlakyServer(request.param)
    yield server
    server.close()


@pytest.mark.parametrize("flaky", [[503, 502]], indirect=True)
def test_idempotent_calls_retry_through_gateway_errors(flaky):
    api = ApiSession(flaky.url, "tok", retries=3)
    assert api.request("GET", "/me").json() == {"ok": True}
    assert len(flaky.seen) == 3
    assert all(headers["Authorization"] == "Bearer tok" for _, _, headers, _ in flaky.seen)
    assert flaky.seen[0][1] == "/api/v1/me"


@pytest.mark.parametrize("flaky", [[503]], indirect=True)
def test_a_plain_post_is_never_retried(flaky):
    api = ApiSession(flaky.url, "tok", retries=3)
    with pytest.raises(ServerUnavailable, match="answered HTTP 503") as error:
        api.request("POST", "/users", json={"name": "ana"})
    assert len(flaky.seen) == 1
    assert error.value.response.status_code == 503


@pytest.mark.parametrize("flaky", [[500, 404]], indirect=True)
def test_errors_carry_the_servers_message_and_are_not_retried(flaky):
    api = ApiSession(flaky.url, "tok", retries=3)
    with pytest.raises(ServerError, match="scripted 500"):
        api.request("GET", "/me")
    with pytest.raises(NotFound) as error:
        api.request("GET", "/projects/nope")
    assert error.value.detail == {"n": 2} and len(flaky.seen) == 2


def test_a_dead_url_is_server_unavailable_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    api = ApiSession(url, "tok", retries=1)
    with pytest.raises(ServerUnavailable) as error:
        api.request("GET", "/me")
    assert url in error.value.message and "brickyard serve" in error.value.message


def test_a_plain_post_to_a_dead_url_is_server_unavailable_too():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ServerUnavailable, match="is the server running"):
        ApiSession(url, "tok", retries=3).request("POST", "/users", json={"name": "ana"})


def test_a_malformed_url_is_a_config_error():
    with pytest.raises(ConfigError, match="not valid"):
        ApiSession("localhost:8765", "tok", retries=0).request("GET", "/me")


def test_a_missing_token_raises_before_sending():
    with pytest.raises(ConfigError, match="BRICKYARD_TOKEN"):
        from brickyard.core.config import not_configured
        ApiSession("http://127.0.0.1:1", None, token_missing=lambda: not_configured(
            "token", "BRICKYARD_TOKEN", "config.json")).request("GET", "/me")
