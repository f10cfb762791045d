"""The one tree of Brickyard errors, shared by the server and the client.

The server answers every failure with a JSON body ``{"error": {"code", "message", "detail"}}``;
``error_from_response`` turns that body back into the same class on the client side, so a caller
catches ``NotFound`` whether the lookup failed locally or on the server.
"""

from __future__ import annotations

from typing import Any


class BrickyardError(Exception):
    """Root of every error Brickyard raises on purpose.

    Carries its evidence: a stable ``code``, a human ``message`` that says what was wrong and what to
    do, a ``detail`` dict, the HTTP ``status`` and (client side) the ``response`` it came from.
    """

    code = "error"
    status = 500

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None,
                 code: str | None = None, status: int | None = None, response: Any = None):
        super().__init__(message)
        self.message = message
        self.detail = detail or {}
        if code:
            self.code = code
        if status:
            self.status = status
        self.response = response

    def to_body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "detail": self.detail}}


class InvalidInput(BrickyardError, ValueError):
    """The request itself is wrong: a bad name, an unknown kind, missing metadata, a bad reference."""

    code = "invalid_input"
    status = 422


def invalid_fields(exc: Any, doing: str) -> InvalidInput:
    """``InvalidInput`` for a pydantic ``ValidationError``: one line naming each field and its limit."""
    errors = exc.errors()
    where = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())) or 'value'}: {e.get('msg')}"
                      for e in errors[:3])
    return InvalidInput(f"{doing}: {where}".replace("\n", " "),
                        detail={"errors": [{k: e.get(k) for k in ("loc", "msg", "type")} for e in errors]})


class NamingError(InvalidInput):
    """A name breaks the project's naming rules; ``detail`` names the rule and the offending name."""

    code = "naming_violation"


class PayloadTooLarge(InvalidInput):
    code = "payload_too_large"
    status = 413


class HashMismatch(InvalidInput):
    """Uploaded bytes do not match the sha256 or size the client claimed (nothing was stored)."""

    code = "hash_mismatch"
    status = 400


class AuthenticationFailed(BrickyardError):
    """No token, or a token the server does not know (wrong or revoked)."""

    code = "unauthenticated"
    status = 401


class PermissionDenied(BrickyardError):
    """The user is known but their role in the project does not allow this."""

    code = "permission_denied"
    status = 403


class NotFound(BrickyardError):
    code = "not_found"
    status = 404


class Conflict(BrickyardError):
    """The request contradicts what exists (a duplicate project, a kind change on an existing asset)."""

    code = "conflict"
    status = 409


class ServerUnavailable(BrickyardError):
    """The server could not be reached or answered 5xx. Safe to retry."""

    code = "server_unavailable"
    status = 503


class ServerError(BrickyardError):
    """The server failed in an unexpected way (a bug on its side); the message carries its words."""

    code = "server_error"
    status = 500


_BY_CODE: dict[str, type[BrickyardError]] = {
    cls.code: cls
    for cls in (InvalidInput, NamingError, PayloadTooLarge, HashMismatch, AuthenticationFailed,
                PermissionDenied, NotFound, Conflict, ServerUnavailable, ServerError)
}
_BY_STATUS: dict[int, type[BrickyardError]] = {
    400: InvalidInput, 401: AuthenticationFailed, 403: PermissionDenied, 404: NotFound,
    409: Conflict, 411: InvalidInput, 413: PayloadTooLarge, 416: InvalidInput, 422: InvalidInput,
}


def error_class(code: str | None, status: int) -> type[BrickyardError]:
    """The error class for a server ``code`` (preferred) or, failing that, an HTTP status."""
    if code and code in _BY_CODE:
        return _BY_CODE[code]
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerUnavailable if status in (502, 503, 504) else ServerError


def error_from_body(status: int, body: Any, *, fallback: str = "", response: Any = None) -> BrickyardError:
    """Rebuild the server's error from its JSON body (or from the status alone when there is none)."""
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict):
        code = err.get("code")
        cls = error_class(code, status)
        return cls(str(err.get("message") or fallback), detail=err.get("detail") or {},
                   code=code, status=status, response=response)
    cls = error_class(None, status)
    return cls(fallback or f"the server answered HTTP {status}", status=status, response=response)
