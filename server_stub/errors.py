"""Every failure becomes the JSON error body of ``brickyard.core.errors``, in one place."""

from __future__ import annotations

import logging

from brickyard.core.errors import BrickyardError, InvalidInput, ServerError
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("brickyard.server")

_HTTP_CODES = {400: "invalid_input", 401: "unauthenticated", 403: "permission_denied", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 411: "length_required",
               413: "payload_too_large", 416: "range_not_satisfiable"}


def error_response(exc: BrickyardError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(exc.to_body(), status_code=exc.status, headers=headers)


async def _brickyard(_request: Request, exc: BrickyardError) -> JSONResponse:
    headers = None
    if exc.status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    elif exc.status == 416 and "size" in exc.detail:
        headers = {"Content-Range": f"bytes */{exc.detail['size']}"}
    return error_response(exc, headers)


async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
    where = ", ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors[:3])
    return error_response(InvalidInput(f"the request is not valid: {where}", detail={"errors": errors}))


async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    error = BrickyardError(str(exc.detail), code=code, status=exc.status_code)
    return error_response(error, getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error in %s %s", request.method, request.url.path)
    return error_response(ServerError("the server failed unexpectedly; the error is in the server log — "
                                      "report it to your Brickyard admin"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(BrickyardError, _brickyard)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
