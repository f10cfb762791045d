"""One ``requests.Session`` speaking the Brickyard HTTP API: auth, timeouts, retries and typed errors.

Only idempotent calls are retried (with exponential backoff) on connection failures and 502/503/504;
every other 4xx/5xx becomes the ``BrickyardError`` subclass the server's JSON body names.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import requests

from .config import ConfigError
from .errors import AuthenticationFailed, BrickyardError, ServerUnavailable, error_from_body

API_PREFIX = "/api/v1"
RETRY_STATUSES = (502, 503, 504)
CONNECT_TIMEOUT_CAP = 10.0  # a server that does not accept a connection in 10 s will not in 30
T = TypeVar("T")


class ApiSession:
    """``request`` one API path; ``with_retries`` wraps any idempotent step (e.g. a whole download).

        >>> api = ApiSession("http://localhost:8765", token="by_...")
        >>> api.request("GET", "/me").json()
    """

    def __init__(self, url: str, token: str | None, *, timeout: float = 30.0, retries: int = 3,
                 token_missing: Callable[[], BrickyardError] | None = None):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = max(0, retries)
        self.token_missing = token_missing
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "brickyard-client/1"

    def close(self) -> None:
        self.session.close()

    def request(self, method: str, path: str, *, idempotent: bool | None = None, auth: bool = True,
                read_timeout: float | None = None, **kwargs: Any) -> requests.Response:
        """Send one request (``path`` under ``/api/v1`` unless it starts with ``/health``); raise on failure.

        ``idempotent`` defaults to True for GET/HEAD/PUT/DELETE; a POST is retried only when told so.
        """
        if idempotent is None:
            idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE")
        url = self.url + (path if path == "/health" else API_PREFIX + path)
        headers = dict(kwargs.pop("headers", None) or {})
        if auth:
            if not self.token:
                raise self.token_missing() if self.token_missing else AuthenticationFailed("no token configured")
            headers["Authorization"] = f"Bearer {self.token}"
        timeout = (min(self.timeout, CONNECT_TIMEOUT_CAP), read_timeout or self.timeout)

        def send() -> requests.Response:
            response = self._send(method, url, headers=headers, timeout=timeout, **kwargs)
            if response.status_code >= 400:
                raise self.error_for(response)
            return response

        # A non-idempotent call is tried once: repeating it could do the thing twice.
        return self.with_retries(send, retries=None if idempotent else 0)

    def with_retries(self, step: Callable[[], T], *, retries: int | None = None) -> T:
        """Run ``step``, retrying with backoff while it fails in a way worth retrying.

        Connection failures that outlast the retries become ``ServerUnavailable`` naming the URL.
        """
        retries = self.retries if retries is None else retries
        for attempt in range(retries + 1):
            try:
                return step()
            except BrickyardError as exc:
                # by HTTP status, not error class: a proxy's 502 and a server's 503 are both transient
                if exc.status not in RETRY_STATUSES or attempt == retries:
                    raise
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                if attempt == retries:
                    raise self.unavailable(exc) from exc
            time.sleep(min(0.25 * 2 ** attempt, 8.0))
        raise AssertionError("unreachable")

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        try:
            return self.session.request(method, url, **kwargs)
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema) as exc:
            raise ConfigError(f"the Brickyard server URL {self.url!r} is not valid ({exc}); "
                                    "set it with BRICKYARD_URL or `brickyard login`",
                                    detail={"url": self.url}) from exc

    def unavailable(self, exc: Exception) -> ServerUnavailable:
        kind = "did not answer in time" if isinstance(exc, requests.Timeout) else "could not be reached"
        return ServerUnavailable(
            f"the Brickyard server at {self.url} {kind} ({type(exc).__name__}); is the server running? "
            "start it with `brickyard serve`, or check BRICKYARD_URL and your network",
            detail={"url": self.url, "reason": str(exc)})

    @staticmethod
    def error_for(response: requests.Response) -> BrickyardError:
        """The typed error for a failed response, carrying the server's message and the response."""
        try:
            body = response.json()
        except ValueError:
            body = None
        request = response.request
        text = (response.text or "").strip()[:300]
        fallback = f"{request.method} {response.url} answered HTTP {response.status_code}" + \
            (f": {text}" if text else "")
        return error_from_body(response.status_code, body, fallback=fallback, response=response)
