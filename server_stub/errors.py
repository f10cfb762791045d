"""Every failure becomes the JSON error body of ``brickyard.core.errors``, in one place."""

from __future__ import annotations

import logging
import math
from typing import Any

from brickyard.core.errors import BrickyardError, InvalidInput, ServerError
from brickyard.core.models import ErrorBody
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, StatementError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("brickyard.server")

_HTTP_CODES = {400: "invalid_input", 401: "unauthenticated", 403: "permission_denied", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 411: "length_required",
               413: "payload_too_large", 416: "range_not_satisfiable"}


def _documented(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


# Every route may answer these, with the JSON error body: said once for the whole OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict] = {
    400: _documented("the request is malformed (e.g. uploaded bytes that do not match their sha256)"),
    401: _documented("no token, or one the server does not know or has revoked"),
    403: _documented("the caller's role does not allow this"),
    404: _documented("no such thing, or not visible to the caller"),
    409: _documented("the request contradicts what exists"),
    413: _documented("the body is larger than the server accepts"),
    422: _documented("a field is invalid or beyond its documented limit; the message names it"),
}


def error_response(exc: BrickyardError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(exc.to_body(), status_code=exc.status, headers=headers)


async def _brickyard(_request: Request, exc: BrickyardError) -> JSONResponse:
    headers = None
    if exc.status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    elif exc.status == 416 and "size" in exc.detail:
        headers = {"Content-Range": f"bytes */{exc.detail['size']}"}
    return error_response(exc, headers)


ECHO_MAX = 200  # characters of a refused value repeated in the error detail


def _echo(value: Any) -> Any:
    """The refused input as the detail repeats it: short, and JSON whatever it was (NaN, 10 MiB, bytes)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return value if not isinstance(value, int) or abs(value) < 2**53 else str(value)
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= ECHO_MAX else text[:ECHO_MAX] + f"… ({len(text)} characters)"


async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    raw = [{**e, "input": _echo(e.get("input"))} if "input" in e else e for e in exc.errors()[:20]]
    errors = jsonable_encoder(raw, custom_encoder={Exception: str})
    for error in errors:  # ctx may carry the offending number too
        if isinstance(error.get("ctx"), dict):
            error["ctx"] = {k: _echo(v) for k, v in error["ctx"].items()}
    where = ", ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors[:3])
    return error_response(InvalidInput(f"the request is not valid: {where}", detail={"errors": errors}))


async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    error = BrickyardError(str(exc.detail), code=code, status=exc.status_code)
    return error_response(error, getattr(exc, "headers", None))


def _beyond_storage(exc: BaseException) -> bool:
    """A value the database cannot hold: too large an integer, too long a text, a NUL character."""
    if isinstance(exc, (OverflowError, DataError)):
        return True
    return isinstance(exc, StatementError) and isinstance(exc.orig, (OverflowError, ValueError))


async def _storage_limit(request: Request, exc: Exception) -> JSONResponse:
    # The last line of defence: the models bound every field, but a route added tomorrow may miss one.
    log.warning("refused a value the database cannot store in %s %s: %s", request.method, request.url.path,
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return error_response(InvalidInput(
        "a value in the request is beyond what the server can store (an integer past ±2147483647, a "
        "text longer than its field, or a NUL character); shorten or correct it",
        detail={"problem": type(getattr(exc, "orig", exc)).__name__}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    if _beyond_storage(exc):
        return await _storage_limit(request, exc)
    log.exception("unexpected error in %s %s", request.method, request.url.path)
    return error_response(ServerError("the server failed unexpectedly; the error is in the server log — "
                                      "report it to your Brickyard admin"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(BrickyardError, _brickyard)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(OverflowError, _storage_limit)
    app.add_exception_handler(DataError, _storage_limit)
    app.add_exception_handler(Exception, _unexpected)
