"""What a window says when something failed: the words a user can act on, never a traceback.

Brickyard's own errors already say what was wrong and what to do; anything else is named plainly and
logged in full for whoever debugs it.

    >>> describe(ServerUnavailable("the Brickyard server at http://… could not be reached; is it running?"))
    'the Brickyard server at http://… could not be reached; is it running?'
"""

from __future__ import annotations

import logging

from ..errors import AuthenticationFailed, BrickyardError, PermissionDenied, ServerUnavailable

log = logging.getLogger(__name__)


def describe(exc: BaseException, doing: str = "", *, retry: bool = True) -> str:
    """One or two sentences for the window; ``doing`` ("loading hero v3") says what was attempted.

    ``retry`` says whether the window offers a Retry button beside the message; without one, the
    message says to try the action again instead of pointing at a button that is not there.
    """
    prefix = f"Could not finish {doing}: " if doing else ""
    again = "press Retry" if retry else "try again"
    if isinstance(exc, AuthenticationFailed):
        return (f"{prefix}{exc.message}. Sign in again: run `brickyard login URL --with-token TOKEN` "
                f"or set BRICKYARD_TOKEN, then {again}")
    if isinstance(exc, PermissionDenied):
        return f"{prefix}{exc.message}. Ask a project admin for a role that allows it"
    if isinstance(exc, ServerUnavailable):
        return f"{prefix}{exc.message}. {'Press Retry' if retry else 'Try again'} when it is back"
    if isinstance(exc, BrickyardError):
        return f"{prefix}{exc.message}"
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return f"{prefix}{exc.strerror or exc}{where}. Check the path and its permissions"
    log.error("unexpected error in a Brickyard window", exc_info=(type(exc), exc, exc.__traceback__))
    return (f"{prefix}unexpected {type(exc).__name__}: {exc}. This is a bug in Brickyard or in a plugin; "
            "the log has the details")
